import { Router } from 'express';
import { prisma } from '../lib/prisma.js';

export const healthRouter = Router();

healthRouter.get('/', async (_req, res) => {
  await prisma.$queryRaw`select 1`;
  await prisma.$disconnect();
  res.json({ ok: true });
});
