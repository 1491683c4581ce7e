//! The pages `serve` has rendered from the current build. Bounded: only
//! pages that exist are kept (the addresses of misses are the caller's to
//! invent), and past a limit the cache starts again, so that no stream of
//! requests can fill the memory.

use std::collections::HashMap;

use crate::site::pipeline::Site;

/// More pages than any registry's two sites hold.
pub const MAX_PAGES: usize = 4096;

#[derive(Default)]
pub struct PageCache {
    pages: HashMap<(Site, String), Vec<u8>>,
}

impl PageCache {
    pub fn get(&self, site: Site, key: &str) -> Option<&[u8]> {
        self.pages.get(&(site, key.to_string())).map(Vec::as_slice)
    }

    /// Keeps `page` if there is one; a miss is not remembered.
    pub fn insert(&mut self, site: Site, key: &str, page: Option<&[u8]>) {
        let Some(page) = page else {
            return;
        };
        if self.pages.len() >= MAX_PAGES {
            self.pages.clear();
        }
        self.pages.insert((site, key.to_string()), page.to_vec());
    }

    pub fn clear(&mut self) {
        self.pages.clear();
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_not_kept_and_the_size_is_bounded() {
        let mut cache = PageCache::default();
        for i in 0..10_000 {
            cache.insert(Site::Public, &format!("no-such-page-{i}"), None);
        }
        assert!(cache.is_empty());
        for i in 0..(MAX_PAGES * 3) {
            cache.insert(Site::Internal, &format!("p{i}"), Some(b"x"));
            assert!(cache.len() <= MAX_PAGES);
        }
        cache.insert(Site::Public, "index.html", Some(b"home"));
        assert_eq!(
            cache.get(Site::Public, "index.html"),
            Some(b"home".as_slice())
        );
        assert_eq!(cache.get(Site::Internal, "index.html"), None);
    }
}
