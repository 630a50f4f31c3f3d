module github.com/newsroom-pipeline/newsroom/services/pipeline

go 1.26.8

require github.com/newsroom-pipeline/newsroom/pkg v0.0.0

replace github.com/newsroom-pipeline/newsroom/pkg => ../../pkg
