//! Cash from the bank: the statements a bank delivers ([`statement`]), the payment
//! references printed on invoices and letters so that the money comes back with them
//! ([`reference`](mod@reference)), and cash application — matching each movement to the open items it
//! pays, with a confidence and its reasons.

pub mod application;
pub mod check_digits;
pub mod iban;
pub mod index;
pub mod matching;
pub mod qr;
pub mod reference;
pub mod returns;
pub mod rules;
pub mod statement;
