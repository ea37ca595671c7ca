// The singleton module: the one place that creates the client.
import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

// Closed once, when the server is asked to stop (require-shutdown-hook).
process.once('SIGTERM', () => void prisma.$disconnect());
