package notify

import (
	"bufio"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
)

// smtpSink is a minimal SMTP server on loopback that records one message:
// enough of RFC 5321 for a real client to talk to it.
func smtpSink(t *testing.T) (addr string, got chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { io.WriteString(conn, s+"\r\n") }
		say("220 sink ESMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250-sink")
				say("250 8BITMIME")
			case strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "RCPT TO"):
				data.WriteString(strings.TrimSpace(line) + "\n")
				say("250 OK")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
			case cmd == "QUIT":
				say("221 bye")
				got <- data.String()
				return
			default:
				say("502 not implemented")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSMTPDeliversUTF8Message(t *testing.T) {
	addr, got := smtpSink(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	s := NewSMTP(config.SMTP{Host: host, Port: p, TLS: "none", From: "kabinet@example.ru"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body := "Код подтверждения: 123456. Он действует 10 минут."
	if err := s.Send(ctx, "olga@example.ru", "Код подтверждения Кабинета", body); err != nil {
		t.Fatal(err)
	}
	raw := <-got
	if !strings.Contains(raw, "MAIL FROM:<kabinet@example.ru>") || !strings.Contains(raw, "RCPT TO:<olga@example.ru>") {
		t.Fatalf("envelope: %q", raw)
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw[strings.Index(raw, "From:"):]))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Код подтверждения Кабинета" {
		t.Fatalf("subject %q %v", subject, err)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil || strings.TrimSpace(string(text)) != body {
		t.Fatalf("body %q %v", text, err)
	}
	if msg.Header.Get("Message-ID") == "" || msg.Header.Get("Date") == "" {
		t.Fatalf("headers %v", msg.Header)
	}
}

func TestSMTPRefusesPlainTextWhenSTARTTLSMissing(t *testing.T) {
	addr, _ := smtpSink(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	s := NewSMTP(config.SMTP{Host: host, Port: p, TLS: "starttls"})
	err := s.Send(context.Background(), "a@example.ru", "s", "b")
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("want a STARTTLS error, got %v", err)
	}
}
