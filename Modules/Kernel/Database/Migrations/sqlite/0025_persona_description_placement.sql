-- 0025: where a persona's description goes in the prompt (SillyTavern's persona_description position, depth and role).
ALTER TABLE "personas" ADD COLUMN "description_position" TEXT NOT NULL DEFAULT 'in_prompt';
ALTER TABLE "personas" ADD COLUMN "description_depth" INTEGER NOT NULL DEFAULT 2;
ALTER TABLE "personas" ADD COLUMN "description_role" TEXT NOT NULL DEFAULT 'system';
