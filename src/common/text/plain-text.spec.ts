import { plainToInstance } from 'class-transformer';
import { PlainText, toPlainText } from './plain-text';

describe('toPlainText', () => {
  it.each([
    ['<b>Blue</b> Hole', 'Blue Hole'],
    ['Blue &amp; Hole &lt;3', 'Blue & Hole <3'],
    ['<script>alert(1)</script>Reef', 'Reef'],
    ['<img src=x onerror=alert(1)>Wall', 'Wall'],
    ['  Σπήλαιο <i>Μελισσάνης</i> ', 'Σπήλαιο Μελισσάνης'],
    ['เกาะเต่า — Ko Tao 🐢', 'เกาะเต่า — Ko Tao 🐢'],
    ['depth < 30 m & > 5 m', 'depth < 30 m & > 5 m'],
    ['line one\nline two', 'line one\nline two'],
  ])('%p → %p', (input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });

  it('is applied by the @PlainText() DTO decorator and leaves non-strings alone', () => {
    class Dto {
      @PlainText()
      description?: unknown;
    }
    expect(plainToInstance(Dto, { description: '<p>Nice</p>' }).description).toBe('Nice');
    expect(plainToInstance(Dto, { description: 5 }).description).toBe(5);
  });
});
