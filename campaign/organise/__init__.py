"""The organisers' area: appeals from draft to outcome."""
