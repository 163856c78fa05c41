//! A bounded memo of what a folder says, shared by the workers.
//!
//! The walk goes depth first, in name order, so the folders a worker asks
//! about are the few on the current path and its neighbours. Remembering
//! every folder ever walked would make memory grow with the tree (a
//! workstation sweep walks hundreds of thousands); remembering the recent
//! ones keeps nearly every hit. Two generations approximate least-recently
//! used without a list: lookups fall back to the older one and promote what
//! they find, and when the young generation is full the old one is dropped.
//! A forgotten folder is simply read again: answers never change, only cost.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders remembered per generation: far more than one depth-first
/// neighbourhood, far less than a machine.
const GENERATION: usize = 4096;

pub struct FolderMemo<V> {
    generations: Mutex<Generations<V>>,
    capacity: usize,
}

struct Generations<V> {
    young: HashMap<PathBuf, V>,
    old: HashMap<PathBuf, V>,
}

impl<V: Clone> Default for FolderMemo<V> {
    fn default() -> Self {
        FolderMemo::with_capacity(GENERATION)
    }
}

impl<V: Clone> FolderMemo<V> {
    pub fn with_capacity(capacity: usize) -> Self {
        FolderMemo {
            generations: Mutex::new(Generations {
                young: HashMap::new(),
                old: HashMap::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    /// What is remembered of `dir`, else what `find` says, remembered. The
    /// memo is not locked while `find` runs (it may ask about the parent).
    pub fn get_or_insert_with(&self, dir: &Path, find: impl FnOnce() -> V) -> V {
        if let Some(known) = self.get(dir) {
            return known;
        }
        let found = find();
        self.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// What is remembered of `dir`, if anything.
    fn get(&self, dir: &Path) -> Option<V> {
        let mut g = self.generations.lock().ok()?;
        if let Some(v) = g.young.get(dir) {
            return Some(v.clone());
        }
        let (key, v) = g.old.remove_entry(dir)?;
        let out = v.clone();
        self.put_young(&mut g, key, v);
        Some(out)
    }

    fn insert(&self, dir: PathBuf, value: V) {
        if let Ok(mut g) = self.generations.lock() {
            self.put_young(&mut g, dir, value);
        }
    }

    fn put_young(&self, g: &mut Generations<V>, dir: PathBuf, value: V) {
        if g.young.len() >= self.capacity && !g.young.contains_key(&dir) {
            g.old = std::mem::take(&mut g.young);
        }
        g.young.insert(dir, value);
    }

    /// Entries held now (both generations).
    #[cfg(test)]
    fn len(&self) -> usize {
        let g = self.generations.lock().unwrap();
        g.young.len() + g.old.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_stays_bounded_as_folders_pass() {
        let memo = FolderMemo::with_capacity(8);
        for i in 0..10_000 {
            memo.insert(PathBuf::from(format!("/t/{i}")), i);
        }
        assert!(memo.len() <= 16, "{} entries held", memo.len());
        // The most recent folders are still known, the first ones are not.
        assert_eq!(memo.get(Path::new("/t/9999")), Some(9999));
        assert_eq!(memo.get(Path::new("/t/0")), None);
    }

    #[test]
    fn a_folder_in_use_survives_generations() {
        let memo = FolderMemo::with_capacity(4);
        memo.insert(PathBuf::from("/project"), 1);
        for i in 0..100 {
            memo.insert(PathBuf::from(format!("/project/sub{i}")), 0);
            // Asked about on every file, as a project root is.
            assert_eq!(memo.get(Path::new("/project")), Some(1), "lost after {i}");
        }
    }
}
