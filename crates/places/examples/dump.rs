//! `cargo run -p sitrep-places --example dump [KIND...]`: prints the places of
//! the bundled gazetteer (or `$SITREP_GAZETTEER`) as TSV: index, GeoNames id,
//! name, feature, country, admin1, admin2, lat, lon, population, flags. With
//! arguments, only features whose code starts with one of them (`PCL`, `ADM1`).

fn main() {
    let want: Vec<String> = std::env::args().skip(1).collect();
    let gaz = match sitrep_places::Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    };
    for i in 0..gaz.len() as u32 {
        let Some(c) = gaz.place(i) else { break };
        let code = c.feature.split('.').nth(1).unwrap_or("");
        if !want.is_empty() && !want.iter().any(|w| code.starts_with(w.as_str())) {
            continue;
        }
        println!(
            "{i}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}",
            c.geonameid.unwrap_or(0),
            c.name,
            c.feature,
            c.country.unwrap_or_default(),
            c.admin1.unwrap_or_default(),
            c.admin2.unwrap_or_default(),
            c.lat,
            c.lon,
            c.population,
            c.flags
        );
    }
}
