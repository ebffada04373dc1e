//! The configuration file: any text is either refused with a message naming the problem or
//! gives settings that are valid (checking them again changes nothing and they describe a
//! usable issuer and listen address). Never a panic at start-up on a bad file.
#![no_main]

use gatehouse::config::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Settings::from_toml_str(text) {
        Ok(settings) => {
            assert!(url::Url::parse(&settings.issuer).is_ok());
            let _ = settings.listen_addr();
            let again = settings
                .clone()
                .validated()
                .expect("valid settings stay valid");
            assert_eq!(again.issuer, settings.issuer);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
