//! Content fingerprints that are stable across Rust versions and platforms
//! (unlike `DefaultHasher`), so they can be stored in a build manifest and
//! written into PDFs as file identifiers.

/// FNV-1a, 64 bits.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
