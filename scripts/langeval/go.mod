module github.com/newsroom-pipeline/newsroom/scripts/langeval

go 1.26.8

require (
	github.com/abadojack/whatlanggo v1.0.1
	github.com/newsroom-pipeline/newsroom/pkg v0.0.0
	github.com/pemistahl/lingua-go v1.4.0
	google.golang.org/protobuf v1.36.12
)

require (
	github.com/shopspring/decimal v1.3.1 // indirect
	golang.org/x/exp v0.0.0-20221106115401-f9659909a136 // indirect
)

replace github.com/newsroom-pipeline/newsroom/pkg => ../../pkg
