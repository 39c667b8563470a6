"""Output serializers (what the API answers) and input serializers (what a write accepts) are
separate classes: an input never reuses an output's fields, so nothing read-only can be written."""
