//! Phone numbers as people type them, in any region: a number is accepted only in E.164
//! (`+` then at most 15 digits, no leading zero), reading its own E.164 form again gives the
//! same number in every region, and the masked form shows no more than its last digits.
#![no_main]

use arbitrary::Arbitrary;
use gatehouse::domain::PhoneNumber;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    raw: String,
    region: String,
    other_region: u8,
}

const REGIONS: [&str; 8] = ["US", "DE", "FR", "GB", "IN", "BR", "JP", "ZZ"];

fuzz_target!(|input: Input| {
    for region in [
        input.region.as_str(),
        REGIONS[usize::from(input.other_region) % 8],
    ] {
        let Ok(number) = PhoneNumber::parse(&input.raw, region) else {
            continue;
        };
        let e164 = number.as_str();
        let digits = e164.strip_prefix('+').expect("E.164 starts with +");
        assert!((4..=15).contains(&digits.len()), "{e164}");
        assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{e164}");
        assert!(!digits.starts_with('0'), "{e164}");
        for again in REGIONS {
            let reread = PhoneNumber::parse(e164, again).unwrap_or_else(|e| {
                panic!(
                    "{e164} from {:?} does not read again in {again}: {e:?}",
                    input.raw
                )
            });
            assert_eq!(reread.as_str(), e164);
        }
        assert_eq!(PhoneNumber::from_stored(e164).as_str(), e164);
        let masked = number.masked();
        let shown: String = masked.chars().filter(char::is_ascii_digit).collect();
        // The country code (up to three digits) and the last two.
        assert!(shown.len() <= 3 + 2, "{masked} shows too much of {e164}");
    }
});
