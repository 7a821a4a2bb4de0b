from django.apps import AppConfig


class OcrIntegrationConfig(AppConfig):
    name = "ocr_integration"
    verbose_name = "OCR integration"
