//! Every CORS decision server-b makes, in one place: the real API's policy
//! and the recorder's (`api`), the lessons' policies, right and wrong
//! (`lesson`), and the guard that refuses foreign writes, because CORS only
//! guards reading (`origin_guard`).

pub mod api;
pub mod lesson;
pub mod origin_guard;
