//! Which conversation the thread pane shows: what the URL's `c` names, found on the page on
//! screen or in the loaded history.

use crate::api::Conversation;

/// What the URL's `c` names, as far as the list knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Closed,
    /// The page that should hold it is still loading.
    Looking(u64),
    Open(Box<Conversation>),
    /// The page on screen does not hold it (the history moved on, or a wrong link).
    Missing(u64),
}

/// The selection for `wanted`: found among `rows` (the page on screen), else by `in_history`
/// (a search result from another page), else still the one `previous`ly open (paging on with a
/// conversation open keeps it open); missing once the wanted page has `settled` (loaded, not
/// loading), looked for until then.
pub fn select<'a>(
    wanted: Option<u64>,
    rows: impl IntoIterator<Item = &'a Conversation>,
    in_history: impl FnOnce(u64) -> Option<Conversation>,
    settled: bool,
    previous: Option<&Selection>,
) -> Selection {
    let Some(id) = wanted else {
        return Selection::Closed;
    };
    let found = rows
        .into_iter()
        .find(|c| c.customer_id == id)
        .cloned()
        .or_else(|| in_history(id));
    match (found, previous) {
        (Some(conversation), _) => Selection::Open(Box::new(conversation)),
        (None, Some(Selection::Open(open))) if open.customer_id == id => {
            Selection::Open(open.clone())
        }
        (None, _) if settled => Selection::Missing(id),
        (None, _) => Selection::Looking(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: u64, name: &str) -> Conversation {
        Conversation {
            customer_id: id,
            name: name.into(),
            ..Conversation::default()
        }
    }

    #[test]
    fn a_conversation_is_found_on_the_page_then_in_the_history_then_kept_while_paging() {
        let page = [customer(1, "An"), customer(2, "Bình")];
        let none = |_| None;
        assert_eq!(select(None, &page, none, true, None), Selection::Closed);
        let open = select(Some(2), &page, none, true, None);
        assert_eq!(open, Selection::Open(Box::new(customer(2, "Bình"))));
        // A search result from another page.
        let elsewhere = |id| (id == 9).then(|| customer(9, "Chi"));
        assert_eq!(
            select(Some(9), &page, elsewhere, true, None),
            Selection::Open(Box::new(customer(9, "Chi")))
        );
        // The page moves on: what was open stays open, loading or not.
        for settled in [false, true] {
            assert_eq!(select(Some(2), &[], none, settled, Some(&open)), open);
        }
        // The page's own row wins over what was open (its latest message may be newer).
        let newer = [customer(2, "Bình mới")];
        assert_eq!(
            select(Some(2), &newer, none, true, Some(&open)),
            Selection::Open(Box::new(customer(2, "Bình mới")))
        );
    }

    #[test]
    fn a_conversation_not_found_is_looked_for_until_its_page_has_loaded() {
        let page = [customer(1, "An")];
        assert_eq!(
            select(Some(5), &page, |_| None, false, None),
            Selection::Looking(5)
        );
        assert_eq!(
            select(Some(5), &page, |_| None, true, None),
            Selection::Missing(5)
        );
        let other = Selection::Open(Box::new(customer(1, "An")));
        assert_eq!(
            select(Some(5), &[], |_| None, true, Some(&other)),
            Selection::Missing(5)
        );
    }
}
