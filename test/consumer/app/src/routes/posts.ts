import { Router } from 'express';
import { PrismaClient } from '@prisma/client';

const db = new PrismaClient();

export const postsRouter = Router();

postsRouter.get('/', async (_req, res) => {
  res.json(await db.post.findMany());
});
