"""Sound output through pygame.mixer; the only package that imports pygame."""
