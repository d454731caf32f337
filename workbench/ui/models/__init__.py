"""Item models over core objects (LineIndex, Bundle), and the bases the small list and tree models of
the cases window and the diagnosis dock are built on (``ListTableModel``, ``GroupedTreeModel``); each
passes ``qtmodeltester.check``."""
