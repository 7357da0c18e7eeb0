-- Polity schema, version 5: the directory an object is listed in (challenges, case studies, resources, blog).
-- object_type keeps only the first, standard type; Polity's own types ride beside it (["Article","Challenge"]),
-- so the writers compute the kind from the full type list (ObjectKind.of) and store it here. NULL: no directory.
-- Written to run unchanged on H2 (in PostgreSQL mode) and on PostgreSQL.

ALTER TABLE objects ADD COLUMN kind VARCHAR(16);
CREATE INDEX objects_kind ON objects (kind, published_at);

-- Objects stored before this version. Payloads are compact JSON written by Jackson (no spaces), so a type in a
-- type array appears as ["Challenge" or ,"Challenge" (also prefixed polity:); a value elsewhere (a name, a
-- quoted word in content) is preceded by a colon or escaped, and does not match. Same order as ObjectKind.of.
UPDATE objects SET kind = 'CHALLENGE'
 WHERE kind IS NULL AND (payload LIKE '%["Challenge"%' OR payload LIKE '%,"Challenge"%'
    OR payload LIKE '%["polity:Challenge"%' OR payload LIKE '%,"polity:Challenge"%');
UPDATE objects SET kind = 'CASE_STUDY'
 WHERE kind IS NULL AND (payload LIKE '%["CaseStudy"%' OR payload LIKE '%,"CaseStudy"%'
    OR payload LIKE '%["polity:CaseStudy"%' OR payload LIKE '%,"polity:CaseStudy"%');
UPDATE objects SET kind = 'RESOURCE'
 WHERE kind IS NULL AND (object_type = 'Document' OR payload LIKE '%["Resource"%' OR payload LIKE '%,"Resource"%'
    OR payload LIKE '%["polity:Resource"%' OR payload LIKE '%,"polity:Resource"%');
UPDATE objects SET kind = 'BLOG'
 WHERE kind IS NULL AND object_type = 'Article' AND payload NOT LIKE '%"ChallengeResponse"%'
   AND payload NOT LIKE '%"polity:ChallengeResponse"%';
