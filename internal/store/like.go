package store

import "strings"

// likeEscaper makes user text literal inside a LIKE pattern whose query
// says ESCAPE '\' (the same clause on SQLite and PostgreSQL): a name search
// for "10%" or "a_b" must not treat % and _ as wildcards.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeLiteral escapes s for a LIKE … ESCAPE '\' pattern.
func likeLiteral(s string) string { return likeEscaper.Replace(s) }
