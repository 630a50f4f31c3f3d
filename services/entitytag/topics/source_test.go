package topics

import (
	"reflect"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// src is the expected mapped subject of top level id, mapped from code.
func src(id, from string) article.Subject {
	s := mustTopic(id).Subject()
	s.Origin = article.SubjectFromSource
	s.MappedFrom = from
	return s
}

func TestFromSource(t *testing.T) {
	tests := []struct {
		name string
		in   []article.Subject
		want []article.Subject
	}{
		{"nothing", nil, nil},
		{"media topic code kept, top level named", []article.Subject{{Code: "medtop:04000000"}},
			[]article.Subject{{Name: "economy, business and finance", Code: "medtop:04000000", URI: URIPrefix + "04000000", Origin: "source"}}},
		{"media topic below the top level kept with its own name", []article.Subject{{Name: "labour market", Code: "medtop:20000523"}},
			[]article.Subject{{Name: "labour market", Code: "medtop:20000523", URI: URIPrefix + "20000523", Origin: "source"}}},
		{"media topic by URI (https, trailing slash)", []article.Subject{{URI: "https://cv.iptc.org/newscodes/mediatopic/15000000/"}},
			[]article.Subject{{Name: "sport", Code: "medtop:15000000", URI: URIPrefix + "15000000", Origin: "source"}}},
		{"subject code qcode", []article.Subject{{Name: "arrest", Code: "subj:02003003"}}, []article.Subject{src("02000000", "subj:02003003")}},
		{"bare subject code with its URI (NITF)", []article.Subject{{Code: "15008000", URI: subjectCodeURI + "15008000"}}, []article.Subject{src("15000000", "15008000")}},
		{"bare subject code", []article.Subject{{Code: "11003000"}}, []article.Subject{src("11000000", "11003000")}},
		{"subject code by URI only", []article.Subject{{URI: subjectCodeURI + "17000000"}}, []article.Subject{src("17000000", subjectCodeURI+"17000000")}},
		{"8 digits of another scheme", []article.Subject{{Code: "11003000", URI: "http://example.com/codes/11003000"}}, nil},
		{"subject code outside 01-17", []article.Subject{{Code: "subj:18000000"}, {Code: "subj:0400"}}, nil},
		{"ANPA categories", []article.Subject{{Code: "anpa-category:s"}, {Code: "anpa-category:F"}, {Code: "anpa-category:e"},
			{Code: "anpa-category:p"}, {Code: "anpa-category:o"}, {Code: "anpa-category:l"}, {Code: "anpa-category:a"}, {Code: "anpa-category:z"}},
			[]article.Subject{src("15000000", "anpa-category:s"), src("04000000", "anpa-category:F"), src("01000000", "anpa-category:e"),
				src("11000000", "anpa-category:p"), src("17000000", "anpa-category:o"), src("10000000", "anpa-category:l")}},
		{"ANPA q and s are both sport: one topic, first wins", []article.Subject{{Code: "anpa-category:q"}, {Code: "anpa-category:s"}},
			[]article.Subject{src("15000000", "anpa-category:q")}},
		{"IPTC 7901 categories", []article.Subject{{Code: "iptc7901-category:s"}, {Code: "iptc7901-category:w"}, {Code: "iptc7901-category:i"}, {Code: "iptc7901-category:POL"}},
			[]article.Subject{src("15000000", "iptc7901-category:s"), src("04000000", "iptc7901-category:w"), src("11000000", "iptc7901-category:POL")}},
		{"Reuters-21578 topics", []article.Subject{{Name: "earn", Code: "topic:earn"}, {Code: "topic:money-fx"}, {Code: "topic:nosuch"}, {Code: "place:usa"}},
			[]article.Subject{src("04000000", "topic:earn")}},
		{"Reuters topic codes", []article.Subject{{Code: "GSPO"}, {Code: "N2:POL"}, {Code: "N2:VOTE"}, {Code: "rcv1:GCRIM"}, {Code: "N2:WAR"}, {Code: "MCC:SPO"}, {Code: "N2:MEAST"}, {Code: "ECAT"}},
			[]article.Subject{src("15000000", "GSPO"), src("11000000", "N2:POL"), src("02000000", "rcv1:GCRIM"), src("16000000", "N2:WAR"), src("04000000", "ECAT")}},
		{"sent media topic and a mapped code for the same top level", []article.Subject{{Code: "subj:04000000"}, {Code: "medtop:04000000", Name: "economy"}},
			[]article.Subject{src("04000000", "subj:04000000")}},
		{"free keywords and unknown schemes skipped", []article.Subject{{Name: "Politik"}, {Code: "apsubject:c8e409f8"}, {Code: "sttsubj:11000000"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]article.Subject(nil), tt.in...)
			got := FromSource(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromSource(%v)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
			if !reflect.DeepEqual(in, tt.in) {
				t.Errorf("input modified: %v", tt.in)
			}
		})
	}
}

// Every Reuters-21578 category maps to the economy.
func TestReutersTopicsAllEconomic(t *testing.T) {
	if len(reutersTopics) != 135 {
		t.Errorf("%d Reuters-21578 topics, want 135", len(reutersTopics))
	}
	for topic := range reutersTopics {
		got := FromSource([]article.Subject{{Code: "topic:" + topic}})
		if len(got) != 1 || got[0].Code != "medtop:04000000" {
			t.Errorf("topic:%s -> %v", topic, got)
		}
	}
}

func TestVocabulary(t *testing.T) {
	if len(TopLevel) != 17 {
		t.Fatalf("%d top levels", len(TopLevel))
	}
	for i, tp := range TopLevel {
		if want := []byte("00000000"); tp.ID[2:] != string(want[2:]) || int(tp.ID[0]-'0')*10+int(tp.ID[1]-'0') != i+1 {
			t.Errorf("top level %d has id %s", i+1, tp.ID)
		}
		if got, ok := Lookup(tp.Code()); !ok || got != tp {
			t.Errorf("Lookup(%s) = %v %v", tp.Code(), got, ok)
		}
	}
	if tp, _ := Lookup("11000000"); tp.URI() != "http://cv.iptc.org/newscodes/mediatopic/11000000" || tp.Name != "politics and government" {
		t.Errorf("politics: %+v %s", tp, tp.URI())
	}
}
