//! The compact gazetteer: a table of places (GeoNames entries plus local
//! additions) and an index from folded name keys to places.
//!
//! On disk it is one file, `gazetteer.bin.gz` (gzip of a little-endian binary
//! layout written by [`crate::import`]); loading decompresses it and reads the
//! arrays as they are, then sorts one array of key hashes. No per-name
//! allocation happens at load time, so the bundled default (about 300 k places,
//! 1 M names) loads in a fraction of a second.
//!
//! Guarantees: lookups never panic; a corrupt or truncated file is an error,
//! never a panic.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use crate::normalize::name_key;
use crate::PlacesError;

/// File name of the index inside a gazetteer directory.
pub const INDEX_FILE: &str = "gazetteer.bin.gz";
const MAGIC: &[u8; 8] = b"SRGAZ\0\0\x01";

/// Posting flag: the key came from an alternate name.
pub(crate) const POST_ALT: u32 = 1 << 31;
/// Posting flag: the key is a derived variant (generic word stripped, `-ah` → `-a`).
pub(crate) const POST_VARIANT: u32 = 1 << 30;
const POST_MASK: u32 = !(POST_ALT | POST_VARIANT);

/// Place flag: coordinates were derived (mean of member places), not given.
pub const FLAG_COORD_APPROX: u8 = 1;
/// Place flag: from a local-additions TSV, not GeoNames.
pub const FLAG_LOCAL: u8 = 2;
/// Place flag: coordinates fall back to the enclosing admin1 unit (very rough).
pub const FLAG_COORD_ADMIN1: u8 = 4;

/// What kind of feature a place is, coarsely, for ranking and precision codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// An independent country or dependency (`A.PCLI`, `A.PCLD`, ...).
    Country,
    /// First-order administrative division (province, state).
    Admin1,
    /// Second-order administrative division (district, county).
    Admin2,
    /// Lower administrative divisions.
    AdminOther,
    /// A populated place (`P.*`).
    Populated,
    /// A region, valley, pass, road or other area/line feature.
    Area,
    /// Anything else (spots, buildings, hydrography points).
    Other,
}

impl FeatureKind {
    /// Classifies a GeoNames feature class and code.
    pub fn of(class: u8, code: &str) -> FeatureKind {
        match class {
            b'A' if code.starts_with("PCL") || code == "TERR" => FeatureKind::Country,
            b'L' if code == "CONT" => FeatureKind::Country,
            b'A' if code == "ADM1" || code == "ADM1H" => FeatureKind::Admin1,
            b'A' if code == "ADM2" || code == "ADM2H" => FeatureKind::Admin2,
            b'A' => FeatureKind::AdminOther,
            b'P' => FeatureKind::Populated,
            b'L' | b'T' | b'R' | b'H' => FeatureKind::Area,
            _ => FeatureKind::Other,
        }
    }

    /// The ACLED `geo_precision` code of a place of this kind: 1 town or
    /// village, 2 district or nearby area, 3 province/region/country.
    pub fn precision(self) -> u8 {
        match self {
            FeatureKind::Populated | FeatureKind::Other => 1,
            FeatureKind::Admin2 | FeatureKind::AdminOther | FeatureKind::Area => 2,
            FeatureKind::Admin1 | FeatureKind::Country => 3,
        }
    }
}

/// One row of the place table (compact, 36 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PlaceRec {
    /// GeoNames id; 0 for local additions.
    pub id: u32,
    pub lat: f32,
    pub lon: f32,
    pub pop: u32,
    pub name_off: u32,
    pub name_len: u16,
    pub class: u8,
    /// Index into the feature-code table.
    pub code: u8,
    pub flags: u8,
    /// Index into the country table, `u16::MAX` if none.
    pub country: u16,
    /// Place index of the admin1 unit, `u32::MAX` if none.
    pub admin1: u32,
    /// Place index of the admin2 unit, `u32::MAX` if none.
    pub admin2: u32,
}

/// A gazetteer entry a name may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Internal place index (stable for one loaded gazetteer).
    pub index: u32,
    /// GeoNames id; `None` for local additions.
    pub geonameid: Option<u64>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    /// GeoNames feature class and code, `P.PPL`.
    pub feature: String,
    pub kind: FeatureKind,
    pub population: u64,
    /// Matched through an alternate name rather than the main name.
    pub via_alternate: bool,
    /// Matched through a derived variant of a name.
    pub via_variant: bool,
    /// Place flags ([`FLAG_COORD_APPROX`], [`FLAG_LOCAL`], [`FLAG_COORD_ADMIN1`]).
    pub flags: u8,
}

/// The gazetteer: places plus a name index. Cheap to share behind an `Arc`.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub(crate) places: Vec<PlaceRec>,
    pub(crate) strings: String,
    pub(crate) fcodes: Vec<String>,
    /// Country table: ISO code and place index of the country record.
    pub(crate) countries: Vec<([u8; 2], u32)>,
    keys: String,
    key_offsets: Vec<u32>,
    posting_offsets: Vec<u32>,
    postings: Vec<u32>,
    /// (hash of key, key index), sorted.
    hash_index: Vec<(u64, u32)>,
    /// Names added at run time (local additions), key → tagged place indices.
    extra: HashMap<String, Vec<u32>>,
}

/// What the serialised index holds, before it becomes a [`Gazetteer`].
pub(crate) struct RawIndex {
    pub places: Vec<PlaceRec>,
    pub strings: String,
    pub fcodes: Vec<String>,
    pub countries: Vec<([u8; 2], u32)>,
    /// Sorted keys with their tagged postings.
    pub names: Vec<(String, Vec<u32>)>,
}

impl Gazetteer {
    /// Loads the compact index from a directory (holding `gazetteer.bin.gz`)
    /// or from the index file itself (gzip or not).
    pub fn load(path: &Path) -> Result<Gazetteer, PlacesError> {
        let file: PathBuf = if path.is_dir() {
            path.join(INDEX_FILE)
        } else {
            path.to_path_buf()
        };
        let bytes = std::fs::read(&file).map_err(|e| PlacesError::Io {
            path: file.clone(),
            source: e,
        })?;
        let raw = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::with_capacity(bytes.len() * 3);
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .map_err(|e| PlacesError::Io {
                    path: file.clone(),
                    source: e,
                })?;
            out
        } else {
            bytes
        };
        Gazetteer::from_bytes(&raw).map_err(|reason| PlacesError::Format { path: file, reason })
    }

    /// `$SITREP_GAZETTEER` when set, else the bundled default in the
    /// repository's `data/gazetteer/`, else [`PlacesError::NoGazetteer`].
    pub fn load_default() -> Result<Gazetteer, PlacesError> {
        if let Some(p) = std::env::var_os("SITREP_GAZETTEER") {
            return Gazetteer::load(Path::new(&p));
        }
        let bundled = default_path();
        if bundled.join(INDEX_FILE).exists() {
            return Gazetteer::load(&bundled);
        }
        Err(PlacesError::NoGazetteer(bundled))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct name keys.
    pub fn name_count(&self) -> usize {
        self.key_offsets.len().saturating_sub(1) + self.extra.len()
    }

    /// Approximate heap size in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.places.capacity() * std::mem::size_of::<PlaceRec>()
            + self.strings.capacity()
            + self.keys.capacity()
            + (self.key_offsets.capacity()
                + self.posting_offsets.capacity()
                + self.postings.capacity())
                * 4
            + self.hash_index.capacity() * 16
    }

    /// All candidates for a name (any spelling; folded before lookup).
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        let key = name_key(name);
        self.postings_for(&key).map(|p| self.candidate(p)).collect()
    }

    /// The place at an internal index (`0..len()`), as a candidate matched by
    /// its main name; `None` past the end.
    pub fn place(&self, index: u32) -> Option<Candidate> {
        ((index as usize) < self.places.len() && index & !POST_MASK == 0)
            .then(|| self.candidate(index))
    }

    /// Tagged postings of a folded key (empty when unknown).
    pub(crate) fn postings_for<'a>(&'a self, key: &str) -> impl Iterator<Item = u32> + 'a {
        let main: &[u32] = match self.key_index(key) {
            Some(k) => {
                let (a, b) = (
                    self.posting_offsets[k] as usize,
                    self.posting_offsets[k + 1] as usize,
                );
                self.postings.get(a..b).unwrap_or(&[])
            }
            None => &[],
        };
        let extra: &[u32] = if self.extra.is_empty() {
            &[]
        } else {
            self.extra.get(key).map(|v| v.as_slice()).unwrap_or(&[])
        };
        main.iter().chain(extra.iter()).copied()
    }

    /// True if the folded key names at least one place.
    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.key_index(key).is_some() || (!self.extra.is_empty() && self.extra.contains_key(key))
    }

    fn key_index(&self, key: &str) -> Option<usize> {
        let h = xxh3_64(key.as_bytes());
        let mut i = self.hash_index.partition_point(|&(x, _)| x < h);
        while i < self.hash_index.len() && self.hash_index[i].0 == h {
            let k = self.hash_index[i].1 as usize;
            if self.key_str(k) == key {
                return Some(k);
            }
            i += 1;
        }
        None
    }

    fn key_str(&self, k: usize) -> &str {
        let (a, b) = (
            self.key_offsets[k] as usize,
            self.key_offsets[k + 1] as usize,
        );
        self.keys.get(a..b).unwrap_or("")
    }

    pub(crate) fn rec(&self, idx: u32) -> &PlaceRec {
        &self.places[idx as usize]
    }

    pub(crate) fn name_of(&self, idx: u32) -> &str {
        match self.places.get(idx as usize) {
            Some(r) => self
                .strings
                .get(r.name_off as usize..r.name_off as usize + r.name_len as usize)
                .unwrap_or(""),
            None => "",
        }
    }

    pub(crate) fn kind_of(&self, idx: u32) -> FeatureKind {
        let r = self.rec(idx);
        FeatureKind::of(r.class, self.fcode(r))
    }

    pub(crate) fn fcode(&self, r: &PlaceRec) -> &str {
        self.fcodes
            .get(r.code as usize)
            .map(|s| s.as_str())
            .unwrap_or("")
    }

    pub(crate) fn country_code(&self, ci: u16) -> Option<&str> {
        self.countries
            .get(ci as usize)
            .and_then(|(c, _)| std::str::from_utf8(c).ok())
    }

    /// The place index of a country's record, by ISO code.
    pub(crate) fn country_place(&self, iso: &str) -> Option<u32> {
        let b = iso.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let c = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
        self.countries
            .iter()
            .find(|(x, _)| *x == c)
            .map(|&(_, p)| p)
    }

    pub(crate) fn country_index(&self, iso: &str) -> Option<u16> {
        let b = iso.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let c = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
        self.countries
            .iter()
            .position(|(x, _)| *x == c)
            .map(|i| i as u16)
    }

    /// Builds the public view of a tagged posting.
    pub(crate) fn candidate(&self, posting: u32) -> Candidate {
        let idx = posting & POST_MASK;
        let r = *self.rec(idx);
        let code = self.fcode(&r).to_string();
        Candidate {
            index: idx,
            geonameid: (r.id != 0).then_some(r.id as u64),
            name: self.name_of(idx).to_string(),
            lat: r.lat as f64,
            lon: r.lon as f64,
            country: self.country_code(r.country).map(|s| s.to_string()),
            admin1: (r.admin1 != u32::MAX).then(|| self.name_of(r.admin1).to_string()),
            admin2: (r.admin2 != u32::MAX).then(|| self.name_of(r.admin2).to_string()),
            feature: format!("{}.{}", r.class as char, code),
            kind: FeatureKind::of(r.class, &code),
            population: r.pop as u64,
            via_alternate: posting & POST_ALT != 0,
            via_variant: posting & POST_VARIANT != 0,
            flags: r.flags,
        }
    }

    /// Untagged place index of a posting.
    pub(crate) fn posting_place(p: u32) -> u32 {
        p & POST_MASK
    }

    /// Adds local places from a TSV file (see [`crate::import`] for the
    /// columns) to this loaded gazetteer. Returns how many were added.
    pub fn add_local_tsv(&mut self, path: &Path) -> Result<usize, PlacesError> {
        let text = std::fs::read_to_string(path).map_err(|e| PlacesError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let rows = crate::import::parse_local_tsv(&text, path)?;
        let mut n = 0;
        for row in rows {
            let country = self.country_index(&row.country).unwrap_or(u16::MAX);
            let admin1 = self.find_admin(&row.admin1, country, FeatureKind::Admin1, u32::MAX);
            let admin2 = self.find_admin(&row.admin2, country, FeatureKind::Admin2, admin1);
            let (class, code) = crate::import::split_feature(&row.feature);
            let code_idx = match self.fcodes.iter().position(|c| *c == code) {
                Some(i) => i as u8,
                None if self.fcodes.len() < 255 => {
                    self.fcodes.push(code.clone());
                    (self.fcodes.len() - 1) as u8
                }
                None => 0,
            };
            let name_off = self.strings.len() as u32;
            self.strings.push_str(&row.name);
            let idx = self.places.len() as u32;
            self.places.push(PlaceRec {
                id: 0,
                lat: row.lat as f32,
                lon: row.lon as f32,
                pop: 0,
                name_off,
                name_len: row.name.len().min(u16::MAX as usize) as u16,
                class,
                code: code_idx,
                flags: FLAG_LOCAL,
                country,
                admin1,
                admin2,
            });
            for (i, nm) in std::iter::once(&row.name)
                .chain(row.alternates.iter())
                .enumerate()
            {
                let k = name_key(nm);
                if k.is_empty() {
                    continue;
                }
                let tag = if i == 0 { idx } else { idx | POST_ALT };
                self.extra.entry(k).or_default().push(tag);
            }
            n += 1;
        }
        Ok(n)
    }

    fn find_admin(&self, name: &str, country: u16, kind: FeatureKind, within: u32) -> u32 {
        if name.is_empty() {
            return u32::MAX;
        }
        let key = name_key(name);
        self.postings_for(&key)
            .map(Gazetteer::posting_place)
            .find(|&p| {
                let r = self.rec(p);
                r.country == country
                    && self.kind_of(p) == kind
                    && (within == u32::MAX || r.admin1 == within)
            })
            .unwrap_or(u32::MAX)
    }

    pub(crate) fn from_raw(raw: RawIndex) -> Gazetteer {
        let mut keys = String::new();
        let mut key_offsets = Vec::with_capacity(raw.names.len() + 1);
        let mut posting_offsets = Vec::with_capacity(raw.names.len() + 1);
        let mut postings = Vec::new();
        key_offsets.push(0);
        posting_offsets.push(0);
        for (k, ps) in &raw.names {
            keys.push_str(k);
            key_offsets.push(keys.len() as u32);
            postings.extend_from_slice(ps);
            posting_offsets.push(postings.len() as u32);
        }
        let mut g = Gazetteer {
            places: raw.places,
            strings: raw.strings,
            fcodes: raw.fcodes,
            countries: raw.countries,
            keys,
            key_offsets,
            posting_offsets,
            postings,
            hash_index: Vec::new(),
            extra: HashMap::new(),
        };
        g.build_hash_index();
        g
    }

    fn build_hash_index(&mut self) {
        let n = self.key_offsets.len().saturating_sub(1);
        let mut h: Vec<(u64, u32)> = (0..n)
            .map(|k| (xxh3_64(self.key_str(k).as_bytes()), k as u32))
            .collect();
        h.sort_unstable();
        self.hash_index = h;
    }

    /// Serialises the index (uncompressed).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut w = Vec::with_capacity(
            self.places.len() * 40 + self.strings.len() + self.keys.len() + self.postings.len() * 4,
        );
        w.extend_from_slice(MAGIC);
        put_u32(&mut w, self.fcodes.len() as u32);
        for c in &self.fcodes {
            put_str(&mut w, c);
        }
        put_u32(&mut w, self.countries.len() as u32);
        for (c, p) in &self.countries {
            w.extend_from_slice(c);
            put_u32(&mut w, *p);
        }
        put_str(&mut w, &self.strings);
        put_u32(&mut w, self.places.len() as u32);
        for r in &self.places {
            put_u32(&mut w, r.id);
            w.extend_from_slice(&r.lat.to_le_bytes());
            w.extend_from_slice(&r.lon.to_le_bytes());
            put_u32(&mut w, r.pop);
            put_u32(&mut w, r.name_off);
            w.extend_from_slice(&r.name_len.to_le_bytes());
            w.push(r.class);
            w.push(r.code);
            w.push(r.flags);
            w.extend_from_slice(&r.country.to_le_bytes());
            put_u32(&mut w, r.admin1);
            put_u32(&mut w, r.admin2);
        }
        put_str(&mut w, &self.keys);
        put_u32s(&mut w, &self.key_offsets);
        put_u32s(&mut w, &self.posting_offsets);
        put_u32s(&mut w, &self.postings);
        w
    }

    fn from_bytes(b: &[u8]) -> Result<Gazetteer, String> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a sitrep gazetteer index (bad magic or version)".into());
        }
        let n = r.u32()? as usize;
        let mut fcodes = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            fcodes.push(r.string()?);
        }
        let n = r.u32()? as usize;
        let mut countries = Vec::with_capacity(n.min(1000));
        for _ in 0..n {
            let c = r.take(2)?;
            countries.push(([c[0], c[1]], r.u32()?));
        }
        let strings = r.string()?;
        let n = r.u32()? as usize;
        if n.saturating_mul(35) > b.len() {
            return Err("place count exceeds file size".into());
        }
        let mut places = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.u32()?;
            let lat = f32::from_le_bytes(r.arr4()?);
            let lon = f32::from_le_bytes(r.arr4()?);
            let pop = r.u32()?;
            let name_off = r.u32()?;
            let nl = r.take(2)?;
            let name_len = u16::from_le_bytes([nl[0], nl[1]]);
            let cls = r.take(3)?;
            let cc = r.take(2)?;
            let admin1 = r.u32()?;
            let admin2 = r.u32()?;
            if name_off as usize + name_len as usize > strings.len() {
                return Err("place name out of range".into());
            }
            places.push(PlaceRec {
                id,
                lat,
                lon,
                pop,
                name_off,
                name_len,
                class: cls[0],
                code: cls[1],
                flags: cls[2],
                country: u16::from_le_bytes([cc[0], cc[1]]),
                admin1,
                admin2,
            });
        }
        let keys = r.string()?;
        let key_offsets = r.u32s()?;
        let posting_offsets = r.u32s()?;
        let postings = r.u32s()?;
        // validate the cross references once, so lookups can index freely
        let np = places.len() as u32;
        let nc = countries.len() as u16;
        if key_offsets.len() != posting_offsets.len()
            || key_offsets.is_empty()
            || key_offsets.windows(2).any(|w| w[0] > w[1])
            || posting_offsets.windows(2).any(|w| w[0] > w[1])
            || *key_offsets.last().unwrap_or(&0) as usize > keys.len()
            || *posting_offsets.last().unwrap_or(&0) as usize > postings.len()
            || postings.iter().any(|&p| p & POST_MASK >= np)
            || countries.iter().any(|&(_, p)| p >= np)
            || places.iter().any(|p| {
                (p.admin1 != u32::MAX && p.admin1 >= np)
                    || (p.admin2 != u32::MAX && p.admin2 >= np)
                    || (p.country != u16::MAX && p.country >= nc)
            })
        {
            return Err("inconsistent index tables".into());
        }
        if key_offsets
            .iter()
            .any(|&o| !keys.is_char_boundary(o as usize))
        {
            return Err("key offsets off char boundaries".into());
        }
        let mut g = Gazetteer {
            places,
            strings,
            fcodes,
            countries,
            keys,
            key_offsets,
            posting_offsets,
            postings,
            hash_index: Vec::new(),
            extra: HashMap::new(),
        };
        if g.places.iter().any(|p| {
            !g.strings.is_char_boundary(p.name_off as usize)
                || !g
                    .strings
                    .is_char_boundary((p.name_off + p.name_len as u32) as usize)
        }) {
            return Err("place names off char boundaries".into());
        }
        g.build_hash_index();
        Ok(g)
    }
}

/// The bundled default gazetteer directory (`data/gazetteer/` at the repository root).
pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer")
}

fn put_u32(w: &mut Vec<u8>, v: u32) {
    w.extend_from_slice(&v.to_le_bytes());
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_u32(w, s.len() as u32);
    w.extend_from_slice(s.as_bytes());
}

fn put_u32s(w: &mut Vec<u8>, v: &[u32]) {
    put_u32(w, v.len() as u32);
    for x in v {
        put_u32(w, *x);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or("overflow")?;
        let s = self
            .b
            .get(self.pos..end)
            .ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        self.pos = end;
        Ok(s)
    }
    fn arr4(&mut self) -> Result<[u8; 4], String> {
        let s = self.take(4)?;
        Ok([s[0], s[1], s[2], s[3]])
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.arr4()?))
    }
    fn string(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| "invalid UTF-8 string".to_string())
    }
    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        let n = self.u32()? as usize;
        let s = self.take(n.checked_mul(4).ok_or("overflow")?)?;
        Ok(s.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}
