"""The measures' pages; each part keeps its routes in its own module: `urls_measures` (the
catalogue, measures, targets, documents, the partner matrix), `urls_groups` (parent groups,
companions, sessions), `urls_schools` (member schools and their projects), `urls_records`
(interpreter-pool assignments, the counselling log, the figures)."""

from teilhabe.measures import urls_groups, urls_measures, urls_records, urls_schools

app_name = "measures"

urlpatterns = [
    *urls_measures.urlpatterns,
    *urls_groups.urlpatterns,
    *urls_schools.urlpatterns,
    *urls_records.urlpatterns,
]
