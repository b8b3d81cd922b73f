"""Input/output channels that the Rasa server loads through credentials.yml."""
