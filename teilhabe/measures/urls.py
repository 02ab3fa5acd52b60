"""The measures' pages; each part (catalogue and measures, parent groups and member schools,
interpreter pool and counselling) keeps its routes in its own module."""

from teilhabe.measures import urls_groups, urls_measures, urls_records

app_name = "measures"

urlpatterns = [*urls_measures.urlpatterns, *urls_groups.urlpatterns, *urls_records.urlpatterns]
