package figure

import (
	"io"
	"strings"
)

// Node is one SVG element of a rendered figure: its tag, attributes in
// order, text content and children. The same tree is written as SVG text
// (WriteXML: command line, prerendered page, exports) and turned into
// go-app elements by the page, so all three draw exactly the same figure.
type Node struct {
	Tag   string
	Attrs []Attr
	Text  string
	Kids  []*Node
}

// Attr is one attribute of a Node.
type Attr struct{ Name, Value string }

// El returns a node with the given tag and attributes, given as name/value
// pairs; pairs with an empty value are left out.
func El(tag string, kv ...string) *Node {
	n := &Node{Tag: tag}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			n.Attrs = append(n.Attrs, Attr{kv[i], kv[i+1]})
		}
	}
	return n
}

// Add appends the non-nil children and returns n.
func (n *Node) Add(kids ...*Node) *Node {
	for _, k := range kids {
		if k != nil {
			n.Kids = append(n.Kids, k)
		}
	}
	return n
}

// SetText sets the text content and returns n.
func (n *Node) SetText(s string) *Node {
	n.Text = s
	return n
}

// Set sets (or replaces) an attribute and returns n.
func (n *Node) Set(name, value string) *Node {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs[i].Value = value
			return n
		}
	}
	n.Attrs = append(n.Attrs, Attr{name, value})
	return n
}

// Get returns the value of an attribute ("" when absent).
func (n *Node) Get(name string) string {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// Walk calls f for n and every node below it, depth first.
func (n *Node) Walk(f func(*Node)) {
	f(n)
	for _, k := range n.Kids {
		k.Walk(f)
	}
}

// titled returns a node holding a <title> child (a tooltip) when tip is set.
func titled(n *Node, tip string) *Node {
	if tip != "" {
		n.Kids = append([]*Node{El("title").SetText(tip)}, n.Kids...)
	}
	return n
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// WriteXML writes the tree as XML text (no declaration).
func (n *Node) WriteXML(w io.Writer) error {
	var b strings.Builder
	n.appendXML(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// XML returns the tree as XML text.
func (n *Node) XML() string {
	var b strings.Builder
	n.appendXML(&b)
	return b.String()
}

func (n *Node) appendXML(b *strings.Builder) {
	b.WriteByte('<')
	b.WriteString(n.Tag)
	for _, a := range n.Attrs {
		b.WriteByte(' ')
		b.WriteString(a.Name)
		b.WriteString(`="`)
		xmlEscaper.WriteString(b, a.Value)
		b.WriteByte('"')
	}
	if n.Text == "" && len(n.Kids) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	if n.Text != "" {
		xmlEscaper.WriteString(b, n.Text)
	}
	for _, k := range n.Kids {
		k.appendXML(b)
	}
	b.WriteString("</")
	b.WriteString(n.Tag)
	b.WriteByte('>')
}
