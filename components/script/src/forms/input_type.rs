//! The input element's type attribute: its states and their value modes.
//! <https://html.spec.whatwg.org/multipage/input.html#attr-input-type>

/// The states of the `type` attribute (an enumerated attribute whose missing and invalid value
/// default is the Text state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    Hidden,
    Text,
    Search,
    Tel,
    Url,
    Email,
    Password,
    Date,
    Month,
    Week,
    Time,
    DateTimeLocal,
    Number,
    Range,
    Color,
    Checkbox,
    Radio,
    File,
    Submit,
    Image,
    Reset,
    Button,
}

/// <https://html.spec.whatwg.org/multipage/input.html#dom-input-value>: the four value modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueMode {
    Value,
    Default,
    DefaultOn,
    Filename,
}

const KEYWORDS: [(&str, InputType); 22] = [
    ("hidden", InputType::Hidden),
    ("text", InputType::Text),
    ("search", InputType::Search),
    ("tel", InputType::Tel),
    ("url", InputType::Url),
    ("email", InputType::Email),
    ("password", InputType::Password),
    ("date", InputType::Date),
    ("month", InputType::Month),
    ("week", InputType::Week),
    ("time", InputType::Time),
    ("datetime-local", InputType::DateTimeLocal),
    ("number", InputType::Number),
    ("range", InputType::Range),
    ("color", InputType::Color),
    ("checkbox", InputType::Checkbox),
    ("radio", InputType::Radio),
    ("file", InputType::File),
    ("submit", InputType::Submit),
    ("image", InputType::Image),
    ("reset", InputType::Reset),
    ("button", InputType::Button),
];

impl InputType {
    /// The state for a `type` attribute value (ASCII case-insensitive; Text when missing or
    /// invalid).
    pub fn from_attribute(value: Option<&str>) -> InputType {
        let Some(value) = value else { return InputType::Text };
        KEYWORDS.iter().find(|(k, _)| k.eq_ignore_ascii_case(value)).map(|(_, t)| *t).unwrap_or(InputType::Text)
    }

    /// The keyword the `type` IDL attribute returns.
    pub fn keyword(self) -> &'static str {
        KEYWORDS.iter().find(|(_, t)| *t == self).map(|(k, _)| *k).expect("every state has a keyword")
    }

    /// The mode of the `value` IDL attribute in this state.
    pub fn value_mode(self) -> ValueMode {
        match self {
            InputType::Hidden | InputType::Submit | InputType::Image | InputType::Reset | InputType::Button => {
                ValueMode::Default
            }
            InputType::Checkbox | InputType::Radio => ValueMode::DefaultOn,
            InputType::File => ValueMode::Filename,
            _ => ValueMode::Value,
        }
    }

    /// Whether the `readonly` attribute applies (and makes the control immutable).
    pub fn readonly_applies(self) -> bool {
        matches!(
            self,
            InputType::Text
                | InputType::Search
                | InputType::Tel
                | InputType::Url
                | InputType::Email
                | InputType::Password
                | InputType::Date
                | InputType::Month
                | InputType::Week
                | InputType::Time
                | InputType::DateTimeLocal
                | InputType::Number
        )
    }

    /// Whether the `required` attribute applies.
    pub fn required_applies(self) -> bool {
        self.readonly_applies() || matches!(self, InputType::Checkbox | InputType::Radio | InputType::File)
    }

    /// A text control a person types into (what `--type` accepts): the states whose
    /// `readonly` applies.
    pub fn is_text_entry(self) -> bool {
        self.readonly_applies()
    }

    /// Whether `valueAsNumber` applies. (Dates and times are kept as text here, so only
    /// Number and Range have numbers.)
    pub fn value_as_number_applies(self) -> bool {
        matches!(self, InputType::Number | InputType::Range)
    }

    /// Whether the element is a submit button in this state.
    pub fn is_submit_button(self) -> bool {
        matches!(self, InputType::Submit | InputType::Image)
    }

    /// A field that blocks implicit submission of its form.
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#field-that-blocks-implicit-submission>
    pub fn blocks_implicit_submission(self) -> bool {
        self.readonly_applies()
    }
}
