//! The HTTP-level suite: every exchange of the API, with `Origin` and preflight
//! headers set by hand, against both servers started on free ports.

mod attack_track;
mod attacker_origins;
mod class;
mod configuration;
mod doctor;
mod doctor_library;
mod explain;
mod explain_error;
mod foreign_origin;
mod har;
mod hardening;
mod host_check;
mod https;
mod lab_endpoints;
mod login;
mod notes;
mod page;
mod page_words;
mod playground;
mod preflight;
mod prose;
mod recorder;
mod session;
