"""Job-seeker mode: the companies the user targets (``targets``), what kith knows of each and the next
step there (``board``), and the weekly balance of conversations against online applications with the
funnel from targets to offers (``report``, charts in ``charts``)."""
