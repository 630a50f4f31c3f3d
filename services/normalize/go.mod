module github.com/newsroom-pipeline/newsroom/services/normalize

go 1.26.8

require (
	github.com/newsroom-pipeline/newsroom/pkg v0.0.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

replace github.com/newsroom-pipeline/newsroom/pkg => ../../pkg
