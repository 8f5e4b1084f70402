//! Plausible Belgian/Dutch trade names for generated customers.

use super::dice::Dice;
use crate::model::Sector;

const SURNAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Leroy",
    "De Vries",
    "Van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Hendrickx",
    "Lemmens",
    "Verstraete",
    "Desmet",
    "Renard",
    "Simon",
    "Laurent",
];
const PLACES: &[&str] = &[
    "Gent",
    "Brugge",
    "Antwerpen",
    "Leuven",
    "Hasselt",
    "Namur",
    "Liège",
    "Mons",
    "Kortrijk",
    "Mechelen",
    "Aalst",
    "Genk",
    "Utrecht",
    "Breda",
    "Eindhoven",
    "Tilburg",
];
const TRADES: &[&str] = &[
    "Elektro",
    "Installaties",
    "Techniek",
    "Bouw",
    "Domotica",
    "Solar",
];
const TERTIARY: &[&str] = &[
    "Gemeente",
    "Ziekenhuis",
    "Scholengroep",
    "Kantoren",
    "Woonzorgcentrum",
    "Hogeschool",
];
const INDUSTRY: &[&str] = &[
    "Metaal",
    "Chemie",
    "Logistics",
    "Food",
    "Plastics",
    "Automation",
];
const FORMS: &[&str] = &["BV", "NV", "BVBA", "SRL", "SA", "VOF"];

/// A name for customer number `n` in `sector`.
pub fn name(d: &mut Dice, sector: Sector, n: u32) -> String {
    match sector {
        Sector::Residential => format!("{} {} {}", d.pick(TRADES), d.pick(SURNAMES), d.pick(FORMS)),
        Sector::Tertiary => format!("{} {} {}", d.pick(TERTIARY), d.pick(PLACES), n % 97 + 1),
        Sector::Industrial => format!(
            "{} {} {}",
            d.pick(SURNAMES),
            d.pick(INDUSTRY),
            d.pick(FORMS)
        ),
    }
}
