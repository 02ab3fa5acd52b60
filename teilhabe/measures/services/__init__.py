"""Every write of the measures, one module per part: `measures` (the catalogue, measures, their
targets and documents), `groups` (parent groups, companions, sessions, member schools and
their projects), `records` (interpreter-pool assignments, the school-counselling log)."""
