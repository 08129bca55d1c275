//! The microsyntaxes and value sanitization the input types use.
//! <https://html.spec.whatwg.org/multipage/common-microsyntaxes.html>
//! <https://html.spec.whatwg.org/multipage/input.html#value-sanitization-algorithm>

use crate::forms::input_type::InputType;

/// <https://infra.spec.whatwg.org/#strip-newlines>
pub fn strip_newlines(value: &str) -> String {
    value.chars().filter(|c| *c != '\n' && *c != '\r').collect()
}

/// <https://infra.spec.whatwg.org/#strip-leading-and-trailing-ascii-whitespace>
pub fn strip_ascii_whitespace(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// <https://infra.spec.whatwg.org/#strip-and-collapse-ascii-whitespace>
pub fn strip_and_collapse_ascii_whitespace(value: &str) -> String {
    value.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `value` is a valid floating-point number: an optional "-", digits with an optional
/// fraction (or a fraction alone), and an optional exponent.
/// <https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#valid-floating-point-number>
pub fn is_valid_floating_point_number(value: &str) -> bool {
    let rest = value.strip_prefix('-').unwrap_or(value);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole.is_empty() || digits(whole)) && digits(fraction),
        None => digits(mantissa),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => digits(e.strip_prefix(['-', '+']).unwrap_or(e)),
    };
    mantissa_ok && exponent_ok
}

/// The rules for parsing floating-point number values, for a valid floating-point number
/// (what the input types accept): its value, or `None` if it is not one or is not finite.
/// <https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#rules-for-parsing-floating-point-number-values>
pub fn parse_floating_point_number(value: &str) -> Option<f64> {
    if !is_valid_floating_point_number(value) {
        return None;
    }
    value.parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| if v == 0.0 { 0.0 } else { v })
}

/// The best representation of the number `value` as a floating-point number: what
/// JavaScript's Number::toString gives for the usual cases.
/// <https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#best-representation-of-the-number-as-a-floating-point-number>
pub fn best_representation(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    format!("{value}")
}

/// Whether `value` is a valid email address (the specification's ABNF, as its regular
/// expression writes it).
/// <https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address>
pub fn is_valid_email_address(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    let local_ok =
        !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

/// Whether `value` is a valid URL string that is absolute (what a url input's type mismatch
/// checks).
/// <https://html.spec.whatwg.org/multipage/input.html#url-state-(type=url)>
pub fn is_valid_absolute_url(value: &str) -> bool {
    url::Url::parse(value).is_ok()
}

/// The value sanitization algorithm of `type_`, given the element's `min`, `max` and `step`
/// content attributes for range.
pub fn sanitize(type_: InputType, value: &str, range: (Option<String>, Option<String>, Option<String>)) -> String {
    match type_ {
        // Text, Search, Telephone, Password: strip newlines from the value.
        InputType::Text | InputType::Search | InputType::Tel | InputType::Password => strip_newlines(value),
        // URL: strip newlines, then strip leading and trailing ASCII whitespace.
        InputType::Url => strip_ascii_whitespace(&strip_newlines(value)).to_owned(),
        // Email (without multiple): strip newlines, then leading and trailing whitespace.
        InputType::Email => strip_ascii_whitespace(&strip_newlines(value)).to_owned(),
        // Number: if the value is not a valid floating-point number, set it to the empty
        // string.
        InputType::Number => match is_valid_floating_point_number(value) {
            true => value.to_owned(),
            false => String::new(),
        },
        InputType::Range => sanitize_range(value, range),
        // Color: a valid simple color, lowercased; otherwise "#000000".
        InputType::Color => {
            let lower = value.to_ascii_lowercase();
            let simple =
                lower.len() == 7 && lower.starts_with('#') && lower[1..].bytes().all(|b| b.is_ascii_hexdigit());
            if simple {
                lower
            } else {
                "#000000".into()
            }
        }
        // Dates and times are kept as written here; the other types have no sanitization.
        _ => value.to_owned(),
    }
}

/// The Range state's minimum (default 0), maximum (default 100) and step (default 1, or none
/// for "any").
pub fn range_bounds(min: Option<String>, max: Option<String>) -> (f64, f64) {
    let min = min.as_deref().and_then(parse_floating_point_number).unwrap_or(0.0);
    let max = max.as_deref().and_then(parse_floating_point_number).unwrap_or(100.0);
    (min, max)
}

/// <https://html.spec.whatwg.org/multipage/input.html#range-state-(type=range)>: the value
/// sanitization algorithm.
fn sanitize_range(value: &str, (min, max, step): (Option<String>, Option<String>, Option<String>)) -> String {
    let (minimum, maximum) = range_bounds(min, max);
    // The default value is the minimum plus half the difference between the minimum and the
    // maximum, unless the maximum is less than the minimum, in which case it is the minimum.
    let default = if maximum < minimum { minimum } else { minimum + (maximum - minimum) / 2.0 };
    // If the value of the element is not a valid floating-point number, then set it to the
    // best representation of the default value.
    let mut number = parse_floating_point_number(value).unwrap_or(default);
    // When the element is suffering from an underflow, the user agent must set the element's
    // value to the minimum; from an overflow, to the maximum (if not less than the minimum).
    if number < minimum {
        number = minimum;
    } else if number > maximum && maximum >= minimum {
        number = maximum;
    }
    // When suffering from a step mismatch, round to the nearest value that does not, the
    // greater one when two are equally near.
    if let Some(step) = allowed_step(step.as_deref(), 1.0) {
        let steps = ((number - minimum) / step + 0.5).floor();
        let mut rounded = minimum + steps * step;
        if rounded > maximum && maximum >= minimum {
            rounded -= step;
        }
        number = rounded;
    }
    best_representation(number)
}

/// The allowed value step from a `step` attribute: none for "any"; the default step for a
/// missing, invalid or non-positive value.
/// <https://html.spec.whatwg.org/multipage/input.html#concept-input-step>
pub fn allowed_step(step: Option<&str>, default_step: f64) -> Option<f64> {
    match step {
        Some(s) if s.eq_ignore_ascii_case("any") => None,
        Some(s) => Some(parse_floating_point_number(s).filter(|v| *v > 0.0).unwrap_or(default_step)),
        None => Some(default_step),
    }
}

/// Newlines normalized to CRLF: what converting an entry list to name-value pairs does.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#converting-an-entry-list-to-a-list-of-name-value-pairs>
pub fn normalize_newlines_to_crlf(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floating_point_numbers() {
        for valid in ["0", "-1", "1.5", ".5", "1e3", "1E-3", "-0.25e+2"] {
            assert!(is_valid_floating_point_number(valid), "{valid}");
        }
        for invalid in ["", "+1", "1.", "1e", "abc", " 1", "1 ", "0x10", "Infinity"] {
            assert!(!is_valid_floating_point_number(invalid), "{invalid}");
        }
        assert_eq!(parse_floating_point_number("-0"), Some(0.0));
        assert_eq!(best_representation(1.5), "1.5");
        assert_eq!(best_representation(-0.0), "0");
    }

    #[test]
    fn sanitizing() {
        let none = || (None, None, None);
        assert_eq!(sanitize(InputType::Text, "a\nb\rc", none()), "abc");
        assert_eq!(sanitize(InputType::Email, "  a@b.c \n", none()), "a@b.c");
        assert_eq!(sanitize(InputType::Number, "12x", none()), "");
        assert_eq!(sanitize(InputType::Range, "", none()), "50");
        assert_eq!(sanitize(InputType::Range, "250", none()), "100");
        assert_eq!(sanitize(InputType::Range, "7", (Some("0".into()), Some("10".into()), Some("5".into()))), "5");
        assert_eq!(sanitize(InputType::Color, "#ABCDEF", none()), "#abcdef");
    }

    #[test]
    fn emails() {
        assert!(is_valid_email_address("ada@example.com"));
        assert!(!is_valid_email_address("ada"));
        assert!(!is_valid_email_address("ada@-example.com"));
    }
}
