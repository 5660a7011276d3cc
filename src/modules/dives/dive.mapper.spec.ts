import { DifficultyLevel } from '../difficulty/entities/difficulty-level.entity';
import { siteMediaDescription } from './dive-media-for-sites';
import { defaultDiveName, groupTags, toDiveResponse } from './dive.mapper';
import type { DiveRow } from './dives.repository';

const level = Object.assign(new DifficultyLevel(), {
  id: 2,
  code: 'ADVANCED_OPEN_WATER',
  label: 'Advanced Open Water',
});

const row: DiveRow = {
  id: 5,
  user_id: 1,
  user_username: 'alice',
  dive_site_id: null,
  diving_center_id: 3,
  name: 'Dive',
  is_private: 1,
  dive_information: null,
  max_depth: '30.500',
  average_depth: null,
  gas_bottles_used: null,
  suit_type: null,
  difficulty_id: 2,
  visibility_rating: null,
  user_rating: 7,
  dive_date: '2025-06-01',
  dive_time: '09:30:00',
  duration: 45,
  view_count: 0,
  created_at: new Date(0),
  updated_at: new Date(0),
  site_id: null,
  site_name: null,
  site_description: null,
  site_latitude: null,
  site_longitude: null,
  site_country: null,
  site_region: null,
  site_deleted_at: null,
  center_id: 3,
  center_name: 'Center',
  center_description: null,
  center_email: null,
  center_phone: null,
  center_website: null,
  center_latitude: '36.12345678',
  center_longitude: '-5.5',
};

describe('dive mapper', () => {
  it('names a dive after its site and date', () => {
    expect(defaultDiveName('Blue Hole', '2025-06-01')).toBe('Blue Hole - 2025/06/01');
    expect(defaultDiveName(null, '2024-02-29')).toBe('Dive - 2024/02/29');
  });

  it('maps a row: booleans, decimals, difficulty code/label, summaries, tags', () => {
    const dto = toDiveResponse(row, {
      levels: [level],
      tags: groupTags([{ dive_id: 5, id: 9, name: 'Wreck' }]),
    });
    expect(dto).toMatchObject({
      is_private: true,
      max_depth: 30.5,
      average_depth: null,
      difficulty_code: 'ADVANCED_OPEN_WATER',
      difficulty_label: 'Advanced Open Water',
      dive_site: null,
      diving_center: { id: 3, name: 'Center', latitude: 36.12345678, longitude: -5.5 },
      media: [],
      tags: [{ id: 9, name: 'Wreck' }],
      buddies: [],
    });
    expect(dto).not.toHaveProperty('difficulty_id');
  });

  it('describes a dive’s media in its site’s list', () => {
    expect(siteMediaDescription({ user_username: 'bob', dive_name: 'Wall', description: null })).toBe(
      'By: bob\nDive: Wall',
    );
    expect(siteMediaDescription({ user_username: 'bob', dive_name: 'Wall', description: 'Sharks' })).toBe(
      'By: bob\nDive: Wall\nSharks',
    );
  });
});
