"""The guide's open data in Open Referral HSDS 3.0: the mapping of a published offer to a fully
nested HSDS service (`mapping`), the read-only HSDS API under `/api/hsds/` (`views`, `urls`)
and the taxonomies the guide's codes become (`taxonomies`). docs/guide.md, "HSDS 3.0
mapping", is the contract the import follows."""
