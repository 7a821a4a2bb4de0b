"""NAVER CLOVA OCR Document API."""
