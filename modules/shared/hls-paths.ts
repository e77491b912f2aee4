/** The contract between MediaConvert's outputs and CloudFront's HLS behaviors. */

/**
 * Key prefix of the HLS renditions in the outputs bucket, and so the path viewers
 * request them under (`/books/<book_id>/index.m3u8`): no other origin may claim it.
 */
export const HLS_KEY_PREFIX = 'books/';
