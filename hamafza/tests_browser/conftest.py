"""The Chromium fixtures (browser, page_factory, shot) live in ``hamafza/conftest.py`` so that a
capability's own browser test uses the same one browser as these journeys."""
