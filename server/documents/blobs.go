package documents

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// Blob is stored file content: sealed blobs are named by their SHA-256
// and hold bytes nobody else stored before; an unsealed one is an upload
// still being checked.
type Blob struct {
	ID     int64
	SHA256 []byte
	Size   int64
}

// BlobReader reads a blob from the start (Read) or anywhere (ReadAt, for
// the zip inside a DOCX).
type BlobReader interface {
	io.Reader
	io.ReaderAt
	Size() int64
}

// Blobs is where file content lives. PostgreSQL is the default (PGBlobs),
// so that a deployment needs nothing more; another store plugs in here.
type Blobs interface {
	// Put streams r into a new unsealed blob, hashing it on the way, and
	// fails with ErrTooLarge past limit bytes (the rest of r unread).
	Put(ctx context.Context, r io.Reader, limit int64) (Blob, error)
	// Seal, in db's transaction, makes b the stored copy of its bytes —
	// or, when they were stored before, drops b and returns that blob.
	// The hash stays locked until the transaction ends, so that no
	// Release of the same bytes runs between the two.
	Seal(ctx context.Context, db bun.IDB, b Blob) (Blob, error)
	// Discard drops an unsealed blob that was not wanted.
	Discard(ctx context.Context, b Blob) error
	// Open reads a blob.
	Open(ctx context.Context, id int64) (BlobReader, error)
	// Release, in db's transaction, drops a sealed blob that no document
	// refers to any more.
	Release(ctx context.Context, db bun.IDB, id int64) error
}

// ErrTooLarge is Put's failure past its limit.
var ErrTooLarge = errors.New("documents: blob over the limit")

// chunkSize is the size of a stored chunk (the last one of a blob may be
// shorter): large enough for few rows, small enough to hold one at a time.
const chunkSize = 256 << 10

// PGBlobs keeps blobs in PostgreSQL, in chunks of document_blob_chunks.
type PGBlobs struct{ db *bun.DB }

// NewPGBlobs returns the PostgreSQL store over db.
func NewPGBlobs(db *bun.DB) *PGBlobs { return &PGBlobs{db: db} }

// Put writes each chunk as it arrives, outside any transaction: an upload
// holds no connection while the client is slow, and Seal or Discard (or,
// after a crash, the hourly sweep) decides what becomes of it.
func (p *PGBlobs) Put(ctx context.Context, r io.Reader, limit int64) (b Blob, err error) {
	id, err := insertBlob(ctx, p.db)
	if err != nil {
		return Blob{}, err
	}
	b.ID = id
	defer func() {
		if err != nil {
			_ = deleteBlob(context.WithoutCancel(ctx), p.db, id)
		}
	}()
	h := sha256.New()
	buf := make([]byte, chunkSize)
	r = io.LimitReader(r, limit+1)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			if b.Size += int64(n); b.Size > limit {
				return Blob{}, ErrTooLarge
			}
			h.Write(buf[:n])
			if err := insertChunk(ctx, p.db, id, seq, buf[:n]); err != nil {
				return Blob{}, err
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			// The body stopped coming: the client's or the network's
			// doing (ReadTimeout, a reset), not the database's, which
			// the network error would be taken for (db.Unavailable).
			return Blob{}, &shared.Error{Code: shared.CodeRequestTimeout}
		}
	}
	b.SHA256 = h.Sum(nil)
	return b, setBlobSize(ctx, p.db, id, b.Size)
}

// Seal names b by its hash unless a sealed blob has it already.
func (p *PGBlobs) Seal(ctx context.Context, db bun.IDB, b Blob) (Blob, error) {
	if err := lockHash(ctx, db, b.SHA256); err != nil {
		return Blob{}, err
	}
	existing, found, err := blobByHash(ctx, db, b.SHA256)
	if err != nil {
		return Blob{}, err
	}
	if found {
		return existing, deleteBlob(ctx, db, b.ID)
	}
	return b, sealBlob(ctx, db, b)
}

// Discard deletes an unsealed blob.
func (p *PGBlobs) Discard(ctx context.Context, b Blob) error {
	return deleteUnsealed(ctx, p.db, b.ID)
}

// Release deletes a sealed blob when no document, incoming or own, refers
// to it.
func (p *PGBlobs) Release(ctx context.Context, db bun.IDB, id int64) error {
	b, err := blobByID(ctx, db, id)
	if err != nil {
		return err
	}
	if err := lockHash(ctx, db, b.SHA256); err != nil {
		return err
	}
	return deleteUnreferenced(ctx, db, id)
}

// Open reads the blob chunk by chunk, one query per chunk.
func (p *PGBlobs) Open(ctx context.Context, id int64) (BlobReader, error) {
	b, err := blobByID(ctx, p.db, id)
	if err != nil {
		return nil, err
	}
	return &pgReader{ctx: ctx, db: p.db, id: id, size: b.Size, seq: -1}, nil
}

// pgReader holds one chunk at a time.
type pgReader struct {
	ctx  context.Context
	db   bun.IDB
	id   int64
	size int64
	off  int64 // Read's position

	seq  int // the chunk in data, -1 for none
	data []byte
}

func (r *pgReader) Size() int64 { return r.size }

func (r *pgReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.off)
	r.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (r *pgReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("documents: negative offset")
	}
	n := 0
	for n < len(p) {
		if off >= r.size {
			return n, io.EOF
		}
		seq := int(off / chunkSize)
		if seq != r.seq {
			data, err := chunk(r.ctx, r.db, r.id, seq)
			if err != nil {
				return n, readError{err}
			}
			r.seq, r.data = seq, data
		}
		k := copy(p[n:], r.data[off%chunkSize:])
		if k == 0 {
			return n, readError{fmt.Errorf("documents: blob %d: chunk %d is short", r.id, seq)}
		}
		n += k
		off += int64(k)
	}
	return n, nil
}
