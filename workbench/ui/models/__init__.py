"""Item models over core objects (LineIndex, Bundle); each passes ``qtmodeltester.check``."""
