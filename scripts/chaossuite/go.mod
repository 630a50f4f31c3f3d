module github.com/newsroom-pipeline/newsroom/scripts/chaossuite

go 1.26.8
