"""Pydantic schemas, one module per resource, named for what they are (GraphRequest, GraphResponse…).
`common` holds the shared pieces: numbers and tensors as they appear in requests and answers, and the
error bodies every route documents."""
