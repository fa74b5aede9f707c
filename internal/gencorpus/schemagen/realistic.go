package schemagen

import (
	"fmt"
	"strings"
)

// Realistic is a realistic TransformSchema (the benchmarks' schema, i
// numbering its type names): several @model types with
// relations, indexes, field and type @auth rules and AppSync scalars.
func Realistic(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "input AMPLIFY { globalAuthRule: AuthRule = { allow: public } }\n\n")
	for t := 0; t < 3; t++ {
		fmt.Fprintf(&b, `type Entity%[1]d_%[2]d @model @auth(rules: [
  { allow: owner, operations: [create, update, delete, read] }
  { allow: groups, groups: ["Admin"] }
  { allow: public, operations: [read] }
]) {
  id: ID!
  name: String!
  description: String
  status: Status%[1]d_%[2]d @default(value: "ACTIVE")
  parentID: ID @index(name: "byParent", sortKeyFields: ["createdAt"], queryField: "entity%[1]d_%[2]dByParent")
  parent: Entity%[1]d_%[2]d @belongsTo(fields: ["parentID"])
  children: [Entity%[1]d_%[2]d] @hasMany(indexName: "byParent", fields: ["id"])
  owner: String @auth(rules: [{ allow: owner, operations: [read] }])
  email: AWSEmail
  site: AWSURL
  meta: AWSJSON
  createdAt: AWSDateTime!
  day: AWSDate
}

enum Status%[1]d_%[2]d { ACTIVE ARCHIVED }

`, i, t)
	}
	return b.String()
}
