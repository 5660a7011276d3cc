import { isHttpUrl } from './site-media.service';

describe('isHttpUrl (site media URLs)', () => {
  it.each([
    'https://img.example/a.jpg',
    'http://img.example/a.jpg?size=large#x',
    'https://例え.テスト/写真.jpg',
    'https://user@img.example:8443/a',
    'HTTPS://IMG.EXAMPLE/A.JPG',
  ])('accepts %s', (url) => expect(isHttpUrl(url)).toBe(true));

  it.each([
    '',
    'img.example/a.jpg',
    '/relative/a.jpg',
    'user_12/photo.jpg',
    'ftp://img.example/a.jpg',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'file:///etc/passwd',
    'https://',
    'http:/img.example',
  ])('refuses %s', (url) => expect(isHttpUrl(url)).toBe(false));
});
