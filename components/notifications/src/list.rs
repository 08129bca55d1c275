//! One origin's part of the user agent's list of notifications.
//!
//! <https://notifications.spec.whatwg.org/#list-of-notifications>
//!
//! Every operation the show and close steps need (find by tag, replace in place, remove,
//! contains) is O(log n), so an origin with many live notifications stays fast.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::notification::{Notification, NotificationId};
use crate::service::ClientRecord;
use crate::shrink::ShrinkWhenSparse;

/// A notification in the list, with the client whose Notification object represents it
/// (non-persistent notifications only).
#[derive(Clone)]
pub(crate) struct Entry {
    pub id: NotificationId,
    pub notification: Arc<Notification>,
    pub owner: Option<Arc<ClientRecord>>,
}

#[derive(Default)]
pub(crate) struct ListOfNotifications {
    /// Position → entry. A replacement takes over the position of what it replaces.
    entries: BTreeMap<u64, Entry>,
    positions: HashMap<NotificationId, u64>,
    /// Non-empty tag → id of the notification with that tag.
    tags: HashMap<String, NotificationId>,
    next_position: u64,
}

impl ListOfNotifications {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, id: NotificationId) -> bool {
        self.positions.contains_key(&id)
    }

    pub fn get(&self, id: NotificationId) -> Option<&Entry> {
        self.positions.get(&id).and_then(|p| self.entries.get(p))
    }

    /// The notification whose tag is `tag` (never matches the empty tag).
    pub fn find_by_tag(&self, tag: &str) -> Option<NotificationId> {
        if tag.is_empty() {
            return None;
        }
        self.tags.get(tag).copied()
    }

    pub fn append(&mut self, entry: Entry) {
        let position = self.next_position;
        self.next_position += 1;
        self.insert_at(position, entry);
    }

    /// Replaces `old` with `entry` at `old`'s position. Returns false if `old` is absent.
    pub fn replace(&mut self, old: NotificationId, entry: Entry) -> bool {
        let Some(position) = self.positions.get(&old).copied() else {
            return false;
        };
        self.remove(old);
        self.insert_at(position, entry);
        true
    }

    pub fn remove(&mut self, id: NotificationId) -> Option<Entry> {
        let position = self.positions.remove(&id)?;
        let entry = self.entries.remove(&position)?;
        if self.tags.get(&entry.notification.tag) == Some(&id) {
            self.tags.remove(&entry.notification.tag);
        }
        // An origin that once had thousands of notifications and now has a few keeps only
        // what those need (the BTreeMap frees its nodes by itself).
        self.positions.shrink_when_sparse();
        self.tags.shrink_when_sparse();
        Some(entry)
    }

    /// Entries in list order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    fn insert_at(&mut self, position: u64, entry: Entry) {
        if !entry.notification.tag.is_empty() {
            self.tags.insert(entry.notification.tag.clone(), entry.id);
        }
        self.positions.insert(entry.id, position);
        self.entries.insert(position, entry);
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;
    use crate::context::{ContextFacts, ContextId};
    use crate::create::create_notification_with_settings;
    use crate::options::NotificationOptions;

    fn entry(seq: u64, tag: &str) -> Entry {
        let facts = ContextFacts::top_level_window(ContextId(1), &Url::parse("https://a.test/").unwrap());
        let options = NotificationOptions { tag: tag.into(), ..Default::default() };
        let notification = create_notification_with_settings(
            &format!("n{seq}"),
            &options,
            |_| Ok(Default::default()),
            &facts,
            std::time::SystemTime::now(),
            2,
        )
        .unwrap();
        Entry { id: NotificationId { client: 1, seq }, notification: Arc::new(notification), owner: None }
    }

    fn titles(list: &ListOfNotifications) -> Vec<String> {
        list.iter().map(|e| e.notification.title.clone()).collect()
    }

    #[test]
    fn replace_keeps_the_position_and_moves_the_tag() {
        let mut list = ListOfNotifications::default();
        list.append(entry(1, "a"));
        list.append(entry(2, ""));
        list.append(entry(3, "c"));
        let old = list.find_by_tag("a").unwrap();
        assert!(list.replace(old, entry(4, "a")));
        assert_eq!(titles(&list), ["n4", "n2", "n3"]);
        assert_eq!(list.find_by_tag("a"), Some(NotificationId { client: 1, seq: 4 }));
        assert!(!list.contains(old));
        assert_eq!(list.find_by_tag(""), None);
    }

    /// An origin whose thousands of notifications are closed keeps no table at their size.
    #[test]
    fn removing_most_entries_gives_their_memory_back() {
        let mut list = ListOfNotifications::default();
        for seq in 1..=5000 {
            list.append(entry(seq, &format!("t{seq}")));
        }
        for seq in 1..=4990 {
            list.remove(NotificationId { client: 1, seq });
        }
        assert_eq!(list.len(), 10);
        assert!(list.positions.capacity() <= 64, "positions kept {}", list.positions.capacity());
        assert!(list.tags.capacity() <= 64, "tags kept {}", list.tags.capacity());
        assert_eq!(list.find_by_tag("t4995"), Some(NotificationId { client: 1, seq: 4995 }));
    }

    #[test]
    fn remove_forgets_the_tag_and_is_idempotent() {
        let mut list = ListOfNotifications::default();
        list.append(entry(1, "a"));
        let id = NotificationId { client: 1, seq: 1 };
        assert!(list.remove(id).is_some());
        assert!(list.remove(id).is_none());
        assert_eq!(list.find_by_tag("a"), None);
        assert!(list.is_empty());
    }
}
