//! The AC graph of a network, prepared once: connected components (synchronous
//! areas as the lines connect them), a reference region for each, a spanning
//! forest, and a cycle basis for Kirchhoff's voltage law.

use nagrid_model::Network;
use std::collections::VecDeque;

/// One cycle of the basis: lines with the direction in which the cycle runs
/// through them (+1 from → to, −1 against).
pub type Cycle = Vec<(usize, f64)>;

/// Prepared AC topology.
#[derive(Debug, Clone)]
pub struct Topology {
    /// Component index of every region.
    pub component: Vec<usize>,
    /// Reference region of every component (its angle is 0).
    pub reference: Vec<usize>,
    /// Parent of each region in the spanning forest: (parent region, line), None at a root.
    pub parent: Vec<Option<(usize, usize)>>,
    /// Depth in the spanning forest.
    pub depth: Vec<usize>,
    /// Lines not in the spanning forest; each closes one basis cycle.
    pub chords: Vec<usize>,
    /// The cycle basis, one cycle per chord.
    pub cycles: Vec<Cycle>,
}

impl Topology {
    /// Build the topology of the AC lines of `net` (links are not part of it).
    pub fn new(net: &Network) -> Self {
        let nr = net.regions.len();
        let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nr];
        for (l, line) in net.lines.iter().enumerate() {
            adj[line.from].push((line.to, l));
            adj[line.to].push((line.from, l));
        }
        let mut component = vec![usize::MAX; nr];
        let mut parent = vec![None; nr];
        let mut depth = vec![0; nr];
        let mut reference = Vec::new();
        let mut in_tree = vec![false; net.lines.len()];
        for root in 0..nr {
            if component[root] != usize::MAX {
                continue;
            }
            let c = reference.len();
            reference.push(root);
            component[root] = c;
            let mut queue = VecDeque::from([root]);
            while let Some(u) = queue.pop_front() {
                for &(v, l) in &adj[u] {
                    if component[v] == usize::MAX {
                        component[v] = c;
                        parent[v] = Some((u, l));
                        depth[v] = depth[u] + 1;
                        in_tree[l] = true;
                        queue.push_back(v);
                    }
                }
            }
        }
        for &r in &net.reference_regions {
            if r < nr {
                reference[component[r]] = r;
            }
        }
        let mut topo = Topology { component, reference, parent, depth, chords: Vec::new(), cycles: Vec::new() };
        for (l, line) in net.lines.iter().enumerate() {
            if !in_tree[l] {
                topo.chords.push(l);
                let mut cycle = vec![(l, 1.0)];
                cycle.extend(topo.tree_path(net, line.to, line.from));
                topo.cycles.push(cycle);
            }
        }
        topo
    }

    /// Lines of the tree path from region `a` to region `b` (same component), with
    /// the direction of travel.
    pub fn tree_path(&self, net: &Network, a: usize, b: usize) -> Vec<(usize, f64)> {
        let dir = |l: usize, from: usize| if net.lines[l].from == from { 1.0 } else { -1.0 };
        let (mut x, mut y) = (a, b);
        let mut up = Vec::new(); // from a upwards
        let mut down = Vec::new(); // from b upwards, reversed later
        while self.depth[x] > self.depth[y] {
            let (p, l) = self.parent[x].expect("non-root");
            up.push((l, dir(l, x)));
            x = p;
        }
        while self.depth[y] > self.depth[x] {
            let (p, l) = self.parent[y].expect("non-root");
            down.push((l, dir(l, p)));
            y = p;
        }
        while x != y {
            let (px, lx) = self.parent[x].expect("same component");
            up.push((lx, dir(lx, x)));
            x = px;
            let (py, ly) = self.parent[y].expect("same component");
            down.push((ly, dir(ly, py)));
            y = py;
        }
        down.reverse();
        up.extend(down);
        up
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nagrid_model::{Country, Line, Region};

    fn net(edges: &[(usize, usize)], n: usize) -> Network {
        let mut net = Network::default();
        for i in 0..n {
            net.regions.push(Region {
                id: format!("r{i}"),
                name: String::new(),
                country: Country::US,
                interconnection: "x".into(),
                time_zone: chrono_tz::UTC,
                lat_deg: 0.0,
                lon_deg: 0.0,
            });
        }
        for (k, &(a, b)) in edges.iter().enumerate() {
            net.lines.push(Line::new(format!("l{k}"), a, b, 1.0, 0.1));
        }
        net
    }

    #[test]
    fn cycle_count_is_lines_minus_regions_plus_components() {
        // Two triangles sharing an edge, a parallel line, and a separate island pair.
        let n = net(&[(0, 1), (1, 2), (2, 0), (1, 3), (3, 2), (0, 1), (4, 5)], 6);
        let t = Topology::new(&n);
        assert_eq!(t.reference.len(), 2);
        assert_eq!(t.cycles.len(), 7 - 6 + 2);
        // Every cycle is closed: the signed sum of incidences is zero at every node.
        for c in &t.cycles {
            let mut bal = [0.0; 6];
            for &(l, d) in c {
                bal[n.lines[l].from] -= d;
                bal[n.lines[l].to] += d;
            }
            assert!(bal.iter().all(|b| *b == 0.0), "{c:?}");
        }
    }
}
