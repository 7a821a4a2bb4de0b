"""NHN Cloud Document OCR (v1.0/v1.1 plain, v2.0/v2.1 with the electronic envelope)."""
