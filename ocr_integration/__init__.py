"""Provider-neutral document OCR: types, field catalogue, providers, the local engine and the emulator.

This package never imports ``onboarding``; the onboarding domain depends on it, not the reverse.
"""
