//! The time-expression patterns (one regex per rule kind) and the literal
//! triggers that let a document skip rules that cannot match.

use super::Kind;
use crate::numbers::{DIGIT_NUMBER, WORD_NUMBER};

/// See [`Ctx::year_for`].
pub(super) const UPCOMING_MONTHS: i32 = 2;

const MONTH_FULL: &str = "(?-i:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)";
const MONTH_ANY: &str = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Sept\.?|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?)";
const WEEKDAY: &str = "(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)";
const MODS: &str = r"(?:(?:more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|approximately|over|at\s+least|at\s+most|up\s+to|only|just|barely|some)\s+)?";
const UNIT: &str =
    r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centurie)";
const PART: &str = r"(?:\s+(morning|afternoon|evening|night))?";
const ZONE: &str = r"(?:\s+(?-i:EDT|EST|CDT|CST|MDT|MST|PDT|PST|GMT|UTC|BST|CET|CEST))?";

pub(super) fn rule_sources() -> Vec<(Kind, String)> {
    let num = format!(
        r"(?:a\s+few|(?:a\s+)?couple\s+of|a\s+couple|several|many|some|few|{WORD_NUMBER}|{DIGIT_NUMBER}|an?)"
    );
    vec![
        (Kind::Iso, r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?\b".to_string()),
        (Kind::Numeric, r"\b(\d{1,2})(?:/(\d{1,2})/(\d{4}|\d{2})|\.(\d{1,2})\.(\d{4}))\b".to_string()),
        (
            Kind::MonthDay,
            format!(r"\b(?:({WEEKDAY}),?\s+)?({MONTH_ANY})\s*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"),
        ),
        (
            Kind::DayMonth,
            format!(r"\b(?:({WEEKDAY}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_ANY})(?:,?\s+(\d{{4}})\b)?"),
        ),
        (Kind::MonthYear, format!(r"\b(?:(early|mid|late)[-\s]+)?({MONTH_ANY}),?\s+(?:of\s+)?(\d{{4}})\b")),
        (
            Kind::MonthAlone,
            format!(r"\b(?:(last|this|next|early|mid|late|earlier\s+in|later\s+in|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[-\s]+)?({MONTH_FULL})\b"),
        ),
        (Kind::YearRange, r"\b(1\d{3}|20\d{2})\s?[-\u{2013}\u{2014}/]\s?(\d{4}|\d{2})\b".to_string()),
        (Kind::Year, r"\b(?:(fiscal|calendar|(?-i:FY))\s+)?(?:(early|mid|late)[-\s]+)?(\d{4})\b".to_string()),
        (
            Kind::WordYear,
            format!(r"\b(?:the\s+year\s+)?(?:(nineteen|eighteen|twenty)[-\s]((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh|o)[-\s](?:one|two|three|four|five|six|seven|eight|nine))|two\s+thousand(?:\s+and\s+({WORD_NUMBER}))?)\b"),
        ),
        (
            Kind::Decade,
            r"(?:\bthe\s+)?(?:\b(early|mid|late)[-\s]+)?(?:\b(1\d|20)(\d)0|['\u{2019}](\d)0|\b(\d)0)['\u{2019}]?s\b".to_string(),
        ),
        (
            Kind::WordDecade,
            r"\bthe\s+(?:(early|mid|late)[-\s]+)?(?-i:(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b".to_string(),
        ),
        (
            Kind::Century,
            r"\b(?:the\s+)?(?:(early|mid|late)[-\s]+)?(?:(\d{1,2})(?:st|nd|rd|th)|(this|last|next|previous|the\s+past|the\s+last)|(nineteenth|twentieth|twenty[-\s]first|eighteenth))[-\s]century\b".to_string(),
        ),
        (
            Kind::DayWord,
            format!(r"\b(?:(early|late|earlier|later)\s+)?(the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|last\s+night|overnight){PART}\b"),
        ),
        (Kind::PartOfToday, r"\b(?:(early|late)\s+)?this\s+(morning|afternoon|evening)\b".to_string()),
        (Kind::Weekday, format!(r"\b(?:(last|this|next|coming|past|previous)\s+)?({WEEKDAY})\b{PART}")),
        (
            Kind::Ago,
            format!(r"\b({MODS})({num})\s+(?:more\s+)?({UNIT})s?\s+(ago|earlier|later|from\s+now|hence|before|after)\b"),
        ),
        (
            Kind::RelUnit,
            r"\b((?:the\s+)?(?:last|this|next|past|coming|previous|current|following)|(?:earlier|later|early|late)\s+(?:this|next|last)|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the|this|last|next))\s+(week|month|year|quarter|decade|fall|autumn|spring|summer|winter)\b".to_string(),
        ),
        (Kind::Weekend, r"\b(?:(last|this|next|coming|past|previous|the)\s+)?weekend\b".to_string()),
        (
            Kind::Quarter,
            r"\b(?:(this\s+year's|last\s+year's|the)\s+)?(?:fiscal\s+)?(?:(\d{4})\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[-\s](?:fiscal[-\s])?quarter(?:\s+of\s+(\d{4})|,?\s+(\d{4}))?\b|\b(?-i:Q)([1-4])(?:\s+(\d{4}))?\b".to_string(),
        ),
        (
            Kind::QuarterRef,
            r"\b(?:the\s+)?(latest|current|year-ago|year-earlier|same|recent|just-ended|previous|prior|comparable|last)?[-\s]?(?:fiscal\s+)?quarter\b|\b(year-ago|year-earlier)\b".to_string(),
        ),
        (Kind::Half, r"\b(?:the\s+)?(first|second|last)\s+half(?:\s+of\s+(?:(the\s+year|this\s+year|last\s+year|next\s+year)|(\d{4})))?\b".to_string()),
        (
            Kind::Season,
            r"\b(?:(last|this|next|early|late)\s+)?(?:the\s+)?(spring|summer|autumn|winter)\b".to_string(),
        ),
        (Kind::SeasonYear, r"\b(?:(early|late|mid)[-\s]+)?(spring|summer|autumn|fall|winter)(?:\s+of)?\s+(\d{4})\b".to_string()),
        (
            Kind::Duration,
            format!(r"\b({MODS})((?:the\s+)?(?:past|last|next|first|coming|previous|final|following|recent)\s+)?({num}(?:\s+1/2)?)\s+(?:more\s+|full\s+|straight\s+|consecutive\s+|long\s+)?({UNIT})s?\b(\s+and\s+a\s+half\b)?"),
        ),
        (
            Kind::DurationAdj,
            format!(r"\b({WORD_NUMBER}|\d+|half)[-\u{{2011}}]({UNIT})(-long|-old|\s+old)?\b"),
        ),
        (
            Kind::BarePlural,
            r"\b(for|over|in|within|recent|coming|past|the\s+past|the\s+coming|the\s+next|the\s+last|for\s+the\s+past|many|few)\s+(seconds|minutes|hours|days|weeks|months|years|decades|centuries)\b|\b(decades|centuries)(-long|-old)?\b".to_string(),
        ),
        (
            Kind::Clock,
            format!(r"\b(\d{{1,2}})(?:[:.](\d{{2}}))?\s?([ap])\.?\s?m\b\.?{ZONE}|\b(\d{{1,2}}):(\d{{2}})(?-i:\s+(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|GMT|UTC|BST|CET|CEST)|\s+(?:local\s+time|hours?))"),
        ),
        (Kind::NamedTime, r"\b(noon|midday|midnight)\b".to_string()),
        // "the (fiscal) year ended Sept. 30": the twelve-month period, a duration
        (Kind::YearEnded, r"\b(the\s+(?:fiscal\s+)?year)\s+end(?:ed|ing)\b".to_string()),
        (
            Kind::Set,
            format!(r"\b(?:(every|each|per)\s+(other\s+)?(?:({num})\s+)?(day|week|month|year|morning|night|evening|afternoon|weekend|quarter|decade|{WEEKDAY})s?|(daily|weekly|monthly|annually|yearly|nightly|hourly|biweekly))\b"),
        ),
        (
            Kind::Reference,
            r"\b(now|currently|current|recently|the\s+past|the\s+future|nowadays|these\s+days|at\s+present|presently|the\s+near\s+future|as\s+soon\s+as\s+possible)\b".to_string(),
        ),
        (
            Kind::Holiday,
            r"\b(?-i:(Christmas\s+Eve|Christmas(?:\s+Day)?|New\s+Year's\s+Eve|New\s+Year's(?:\s+Day)?|Halloween|Thanksgiving(?:\s+Day)?|Independence\s+Day|Valentine's\s+Day))\b".to_string(),
        ),
    ]
}

/// Literals that a rule's matches always contain (lowercase ASCII); empty = always run.
pub(super) fn triggers_of(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Decade => vec!["0s", "0's", "0\u{2019}s"],
        Kind::WordDecade => vec![
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        ],
        Kind::Century => vec!["century"],
        Kind::WordYear => vec!["nineteen", "eighteen", "twenty", "thousand"],
        Kind::DayWord => vec!["yesterday", "today", "tomorrow", "tonight", "night"],
        Kind::PartOfToday => vec!["morning", "afternoon", "evening"],
        Kind::Weekday => vec![
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ],
        Kind::Ago => vec![
            "ago", "earlier", "later", "from now", "hence", "before", "after",
        ],
        Kind::RelUnit => vec![
            "week", "month", "year", "quarter", "decade", "fall", "autumn", "spring", "summer",
            "winter",
        ],
        Kind::Weekend => vec!["weekend"],
        Kind::Quarter => vec!["quarter", "q1", "q2", "q3", "q4"],
        Kind::QuarterRef => vec!["quarter", "year-ago", "year-earlier"],
        Kind::Half => vec!["half"],
        Kind::Season | Kind::SeasonYear => vec!["spring", "summer", "autumn", "fall", "winter"],
        Kind::BarePlural => vec![
            "seconds",
            "minutes",
            "hours",
            "days",
            "weeks",
            "months",
            "years",
            "decades",
            "centuries",
        ],
        Kind::Clock => vec!["m", ":"],
        Kind::NamedTime => vec!["noon", "midday", "midnight"],
        Kind::YearEnded => vec!["ended", "ending"],
        Kind::Set => vec![
            "every", "each", "per", "daily", "weekly", "monthly", "annually", "yearly", "nightly",
            "hourly",
        ],
        Kind::Holiday => vec![
            "christmas",
            "new year",
            "halloween",
            "thanksgiving",
            "independence",
            "valentine",
        ],
        Kind::Reference => vec![
            "now",
            "current",
            "recent",
            "past",
            "future",
            "these days",
            "present",
            "as soon",
        ],
        _ => vec![],
    }
}
