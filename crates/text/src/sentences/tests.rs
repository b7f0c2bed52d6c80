//! Unit and property tests for the sentence splitter (all texts invented).

use super::*;
use proptest::prelude::*;

fn texts(t: &str) -> Vec<String> {
    split_sentences(t).into_iter().map(|s| s.text).collect()
}

#[track_caller]
fn check(t: &str, expect: &[&str]) {
    let got = texts(t);
    assert_eq!(got, expect, "\ninput: {t}");
    check_invariants(t);
}

#[track_caller]
fn check_invariants(t: &str) {
    let mut prev_end = 0;
    for s in split_sentences(t) {
        assert!(s.start < s.end, "empty span {s:?}");
        assert!(s.start >= prev_end, "overlap/order {s:?}");
        assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        assert_eq!(&t[s.start..s.end], s.text);
        prev_end = s.end;
    }
}

#[test]
fn abbreviations_and_titles_do_not_split() {
    check(
        "Mr. Petrescu said the U.S. Army sent aid. Gen. Ilie Danu arrived at 9 a.m. on Monday. Dr. Vasile agreed.",
        &["Mr. Petrescu said the U.S. Army sent aid.", "Gen. Ilie Danu arrived at 9 a.m. on Monday.", "Dr. Vasile agreed."],
    );
}

#[test]
fn ambiguous_abbreviation_before_an_opener_splits() {
    check(
        "The convoy left at 6 a.m. The bridge was closed. Aid came from the U.S. They said more would follow.",
        &["The convoy left at 6 a.m.", "The bridge was closed.", "Aid came from the U.S.", "They said more would follow."],
    );
}

#[test]
fn initials_and_dotted_acronyms() {
    check(
        "J. R. Okafor wrote to the U.N. Security Council. He cited Article No. 5 of the accord.",
        &[
            "J. R. Okafor wrote to the U.N. Security Council.",
            "He cited Article No. 5 of the accord.",
        ],
    );
}

#[test]
fn decimals_and_numbers_stay_whole() {
    check(
        "Prices rose 3.5 percent in Oct. 2023. About 1,000 families left. The toll is 12.",
        &[
            "Prices rose 3.5 percent in Oct. 2023.",
            "About 1,000 families left.",
            "The toll is 12.",
        ],
    );
}

#[test]
fn closing_quote_belongs_to_the_sentence() {
    check(
        "“We will hold the pass.” The commander smiled. He added: \"Nobody leaves. Nobody enters.\" Then he left.",
        &["“We will hold the pass.”", "The commander smiled.", "He added: \"Nobody leaves.", "Nobody enters.\"", "Then he left."],
    );
}

#[test]
fn question_inside_quote_followed_by_lowercase_does_not_split() {
    check(
        "\"Where is the convoy?\" she asked. Nobody knew!",
        &["\"Where is the convoy?\" she asked.", "Nobody knew!"],
    );
}

#[test]
fn ellipses() {
    check(
        "The road was… blocked by rocks. We waited... Nothing came. He said \"...and then it fell\".",
        &["The road was… blocked by rocks.", "We waited...", "Nothing came.", "He said \"...and then it fell\"."],
    );
}

#[test]
fn urls_are_never_cut() {
    check(
        "Read it at https://example.org/news/a.b.html. Then share pic.twitter.com/AbC.dEf and www.valley-news.co.uk/x.y now.",
        &["Read it at https://example.org/news/a.b.html.", "Then share pic.twitter.com/AbC.dEf and www.valley-news.co.uk/x.y now."],
    );
}

#[test]
fn glued_sentences_are_cut() {
    check(
        "The bridge fell.The road is open.",
        &["The bridge fell.", "The road is open."],
    );
}

#[test]
fn pasted_post_is_its_own_group() {
    let t = "The mayor spoke on Monday. Roads are shut near the dam. Stay indoors tonight. \
             https://t.co/AbCd12pic.twitter.com/XyZ98 — Mira Volkova (@mira_v) March 3, 2024 Officials later reopened one road.";
    let s = split_sentences(t);
    let kinds: Vec<_> = s.iter().map(|x| (x.text.as_str(), x.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("The mayor spoke on Monday.", SentenceKind::Post),
            ("Roads are shut near the dam.", SentenceKind::Post),
            ("Stay indoors tonight.", SentenceKind::Post),
            (
                "https://t.co/AbCd12pic.twitter.com/XyZ98",
                SentenceKind::Post
            ),
            ("— Mira Volkova (@mira_v) March 3, 2024", SentenceKind::Post),
            ("Officials later reopened one road.", SentenceKind::Body),
        ]
    );
    check_invariants(t);
}

#[test]
fn post_on_its_own_line_does_not_swallow_the_previous_paragraph() {
    let t = "A long article paragraph about the flooding that ends here.\n\
             Water is rising fast near the old mill, please move uphill now — Town Hall (@townhall) May 2, 2024\n\
             The next paragraph resumes.";
    let s = split_sentences(t);
    assert_eq!(s.len(), 4, "{s:?}");
    assert_eq!(s[0].kind, SentenceKind::Body);
    assert_eq!(s[1].kind, SentenceKind::Post);
    assert_eq!(s[2].kind, SentenceKind::Post);
    assert!(s[2].text.starts_with('—'));
    assert_eq!(s[3].kind, SentenceKind::Body);
}

#[test]
fn long_text_before_a_post_is_not_all_post() {
    let body = "The council met for many hours to discuss the emergency budget and the repairs. "
        .repeat(6);
    let t = format!("{body}Bridge closed until Friday. — Roads Agency (@roads) June 1, 2024");
    let s = split_sentences(&t);
    let posts = s.iter().filter(|x| x.kind == SentenceKind::Post).count();
    assert!((2..=5).contains(&posts), "{s:?}");
    assert!(s[..3].iter().all(|x| x.kind == SentenceKind::Body), "{s:?}");
}

#[test]
fn lines_are_boundaries_and_first_unpunctuated_line_is_a_caption() {
    let t = "Flood waters rise in the delta\n\nThe river burst its banks. Hundreds fled.\n";
    let s = split_sentences(t);
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].kind, SentenceKind::Caption);
    assert_eq!(s[1].kind, SentenceKind::Body);
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let t = "    The ministry said on Tuesday that the harvest would be\n\
             smaller than forecast because of the late frosts in the\n\
             north of the country. Exports would fall by a third.\n\
             \x20   Traders said the decision had been expected for weeks\n\
             and that prices were already higher than last year.\n";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[0].starts_with("The ministry") && got[0].ends_with("country."));
    assert!(got[2].starts_with("Traders"));
    check_invariants(t);
}

#[test]
fn odd_inputs_do_not_panic() {
    for t in [
        "",
        " ",
        "\n\n",
        ".",
        "...",
        "…",
        "a.",
        "A. B. C.",
        "— (@x) May 1, 2020",
        "(@",
        "Mr.",
        "ü.Ö",
        "\r\n.\r\n",
    ] {
        check_invariants(t);
    }
}

proptest! {
    #[test]
    fn spans_are_valid_for_any_string(t in "\\PC{0,200}") {
        check_invariants(&t);
    }

    #[test]
    fn spans_are_valid_for_sentence_like_strings(
        t in r#"([A-Za-zÄé0-9 ,.!?…"“”'’()@#:/—-]|\n|https://t\.co/x|Mr\. |U\.S\. | \(@ab\) May 1, 2020){0,80}"#
    ) {
        check_invariants(&t);
    }
}
