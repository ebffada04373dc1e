//! Cryptography, with no knowledge of storage or HTTP: password hashing, random tokens,
//! key encryption at rest, signing keys and JWTs, and the bounded pool slow work runs on.

pub mod jwt;
pub mod kek;
pub mod keys;
pub mod password;
pub mod pool;
pub mod token;
pub mod totp;
